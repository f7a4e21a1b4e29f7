import { Global, Module } from '@nestjs/common';
import { FieldCipher, fieldCipherFrom, PLATFORM_CONFIG } from '@wushe/platform';
import { IDENTITY_SETTINGS, IdentitySettings, identitySettings } from './identity-settings';

/** Identity's settings and its field cipher (phones and other personal data). */
@Global()
@Module({
  providers: [
    { provide: IDENTITY_SETTINGS, inject: [PLATFORM_CONFIG], useFactory: identitySettings },
    {
      provide: FieldCipher,
      inject: [IDENTITY_SETTINGS],
      useFactory: (s: IdentitySettings) => fieldCipherFrom(s),
    },
  ],
  exports: [IDENTITY_SETTINGS, FieldCipher],
})
export class SettingsModule {}
