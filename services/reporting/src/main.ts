// API entry point: HTTP queries and the projections (event consumers) behind them.
import { launch } from '@wushe/telemetry';

launch('reporting', 'api', () => require('./process')); // loaded only after telemetry starts
