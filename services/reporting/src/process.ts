import type { PlatformConfig, ProcessRole } from '@wushe/config';
import { runServiceProcess } from '@wushe/platform';
import type { Telemetry } from '@wushe/telemetry';
import { ReportingModule } from './reporting.module';

export function run(role: ProcessRole, config: PlatformConfig, telemetry: Telemetry): Promise<void> {
  return runServiceProcess(
    {
      description: 'Coverage and KPI read models built from every service’s events.',
      module: ReportingModule.forRoot,
    },
    role,
    config,
    telemetry,
  );
}
