// API entry point: HTTP, outbox relay and event consumers.
import { launch } from '@wushe/telemetry';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after telemetry starts
launch('cases', 'api', () => require('./process'));
