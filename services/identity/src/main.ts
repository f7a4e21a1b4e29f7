// API entry point: HTTP, outbox relay and event consumers.
import { launch } from '@wushe/telemetry';
import { identityEnvSchema } from './settings/identity-settings';

launch('identity', 'api', () => require('./process'), identityEnvSchema); // process loaded after telemetry starts
