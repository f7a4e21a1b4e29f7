// API entry point. Telemetry starts before anything else is loaded: OpenTelemetry can only
// instrument http, express, pg and ioredis if it patches them before their first require.
import { startTelemetry } from '@wushe/telemetry';
import { loadCasesConfig } from './config';

const config = loadCasesConfig();
const telemetry = startTelemetry({ service: config.service, endpoint: config.otel.endpoint });

// eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after telemetry
const { runApi } = require('./api') as typeof import('./api');
void runApi(config, telemetry);
