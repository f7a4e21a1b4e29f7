// Worker entry point: BullMQ jobs and schedules; HTTP only for health and metrics.
import { launch } from '@wushe/telemetry';

launch('cases', 'worker', () => require('./process')); // loaded only after telemetry starts
