import type { PlatformConfig, ProcessRole } from '@wushe/config';
import { runServiceProcess } from '@wushe/platform';
import type { Telemetry } from '@wushe/telemetry';
import { VolunteersModule } from './volunteers.module';

export function run(role: ProcessRole, config: PlatformConfig, telemetry: Telemetry): Promise<void> {
  return runServiceProcess(
    {
      description:
        'Volunteers, teams, activities, attendance and service hours, pairing, training, commendation.',
      module: VolunteersModule.forRoot,
    },
    role,
    config,
    telemetry,
  );
}
