import { Global, Module } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import {
  FieldCipher,
  fieldCipherEnvShape,
  fieldCipherFrom,
  PLATFORM_CONFIG,
  refuseDevKeysInProduction,
} from '@wushe/platform';
import { z } from 'zod';

/** Cases' own environment variables, validated at boot with the platform ones. */
export const casesEnvSchema = z.object({ ...fieldCipherEnvShape }).superRefine(refuseDevKeysInProduction);
export type CasesSettings = z.infer<typeof casesEnvSchema>;

export function casesSettings(config: PlatformConfig & { extra?: unknown }): CasesSettings {
  return casesEnvSchema.parse(config.extra ?? {});
}

/** The field cipher for residents' ID numbers, phones, addresses and notes. */
@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) => fieldCipherFrom(casesSettings(config)),
    },
  ],
  exports: [FieldCipher],
})
export class CasesSettingsModule {}
