import type { PlatformConfig, ProcessRole } from '@wushe/config';
import { runServiceProcess } from '@wushe/platform';
import type { Telemetry } from '@wushe/telemetry';
import { FundingModule } from './funding.module';

export function run(role: ProcessRole, config: PlatformConfig, telemetry: Telemetry): Promise<void> {
  return runServiceProcess(
    {
      description:
        'Social organizations, donors and donations, funds, micro-wishes, purchased service projects, subsidies, resource map.',
      module: FundingModule.forRoot,
    },
    role,
    config,
    telemetry,
  );
}
