// Worker entry point: BullMQ jobs and schedules; HTTP only for health and metrics.
import { launch } from '@wushe/telemetry';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after telemetry starts
launch('cases', 'worker', () => require('./process'));
