// Worker entry point: BullMQ jobs and schedules; HTTP only for health and metrics.
import { launch } from '@wushe/telemetry';
import { identityEnvSchema } from './settings/identity-settings';

launch('identity', 'worker', () => require('./process'), identityEnvSchema); // process loaded after telemetry starts
