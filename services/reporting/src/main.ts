// API entry point: HTTP queries and the projections (event consumers) behind them.
import { launch } from '@wushe/telemetry';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after telemetry starts
launch('reporting', 'api', () => require('./process'));
