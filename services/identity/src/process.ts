import type { PlatformConfig, ProcessRole } from '@wushe/config';
import { runServiceProcess } from '@wushe/platform';
import type { Telemetry } from '@wushe/telemetry';
import { IdentityModule } from './identity.module';

export function run(role: ProcessRole, config: PlatformConfig, telemetry: Telemetry): Promise<void> {
  return runServiceProcess(
    {
      description:
        'Accounts, roles and scopes, regions, stations and points, staff, trainings and supervision.',
      module: IdentityModule.forRoot,
    },
    role,
    config,
    telemetry,
  );
}
