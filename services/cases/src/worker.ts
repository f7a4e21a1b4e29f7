// Worker entry point (BullMQ). Telemetry starts first so it can patch pg and ioredis.
import { startTelemetry } from '@wushe/telemetry';
import { loadCasesConfig } from './config';

const config = loadCasesConfig(process.env, 'worker');
const telemetry = startTelemetry({ service: `${config.service}-worker`, endpoint: config.otel.endpoint });

// eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after telemetry
const { runWorker } = require('./worker-process') as typeof import('./worker-process');
void runWorker(config, telemetry);
