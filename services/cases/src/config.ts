import { loadConfig } from '@wushe/config';

export type ProcessRole = 'api' | 'worker';

/** The worker listens (health and metrics only) 100 ports above the API, so both run locally. */
export function loadCasesConfig(env: NodeJS.ProcessEnv = process.env, role: ProcessRole = 'api') {
  return loadConfig({ service: 'cases', httpPort: role === 'api' ? 3002 : 3102 }, undefined, env);
}

export type CasesConfig = ReturnType<typeof loadCasesConfig>;
