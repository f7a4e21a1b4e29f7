import { Global, Module } from '@nestjs/common';
import { PlatformConfig } from '@wushe/config';
import { FieldCipher, PLATFORM_CONFIG } from '@wushe/platform';
import { IDENTITY_SETTINGS, IdentitySettings, identitySettings } from './identity-settings';

/** Identity's settings and its field cipher (phones and other personal data). */
@Global()
@Module({
  providers: [
    { provide: IDENTITY_SETTINGS, inject: [PLATFORM_CONFIG], useFactory: identitySettings },
    {
      provide: FieldCipher,
      inject: [IDENTITY_SETTINGS],
      useFactory: (s: IdentitySettings) =>
        new FieldCipher({ encryptionKeys: s.ENCRYPTION_KEYS, hmacKey: s.HMAC_KEY }),
    },
  ],
  exports: [IDENTITY_SETTINGS, FieldCipher],
})
export class SettingsModule {}

export type { PlatformConfig };
