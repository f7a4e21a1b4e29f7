// API entry point: HTTP, outbox relay and event consumers.
import { launch } from '@wushe/telemetry';

launch('cases', 'api', () => require('./process')); // loaded only after telemetry starts
