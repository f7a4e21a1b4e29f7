import { loadConfig } from '@wushe/config';

export const CASES_SERVICE = { service: 'cases', httpPort: 3002 } as const;

export function loadCasesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(CASES_SERVICE, undefined, env);
}

export type CasesConfig = ReturnType<typeof loadCasesConfig>;
