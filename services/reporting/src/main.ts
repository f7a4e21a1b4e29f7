// API entry point. Telemetry starts first so it can patch http, express, pg and ioredis.
import { startTelemetry } from '@wushe/telemetry';
import { loadReportingConfig } from './config';

const config = loadReportingConfig();
const telemetry = startTelemetry({ service: config.service, endpoint: config.otel.endpoint });

// eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after telemetry
const { runApi } = require('./api') as typeof import('./api');
void runApi(config, telemetry);
