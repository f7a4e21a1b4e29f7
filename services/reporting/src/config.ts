import { loadConfig } from '@wushe/config';

export const REPORTING_SERVICE = { service: 'reporting', httpPort: 3005 } as const;

export function loadReportingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(REPORTING_SERVICE, undefined, env);
}

export type ReportingConfig = ReturnType<typeof loadReportingConfig>;
