// API entry point: HTTP, outbox relay and event consumers.
import { launch } from '@wushe/telemetry';

launch('identity', 'api', () => require('./process')); // loaded only after telemetry starts
