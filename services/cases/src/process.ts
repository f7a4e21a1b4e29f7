import type { PlatformConfig, ProcessRole } from '@wushe/config';
import { runServiceProcess } from '@wushe/platform';
import type { Telemetry } from '@wushe/telemetry';
import { CasesModule } from './cases.module';

export function run(role: ProcessRole, config: PlatformConfig, telemetry: Telemetry): Promise<void> {
  return runServiceProcess(
    {
      description:
        'Recipients ledger and case work: visits, assessments, plans, services, referrals, monitoring.',
      module: CasesModule.forRoot,
    },
    role,
    config,
    telemetry,
  );
}
