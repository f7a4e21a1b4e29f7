// Worker entry point: BullMQ jobs and schedules; HTTP only for health and metrics.
import { launch } from '@wushe/telemetry';
import { casesEnvSchema } from './settings/cases-settings';

launch('cases', 'worker', () => require('./process'), casesEnvSchema); // process loaded after telemetry starts
