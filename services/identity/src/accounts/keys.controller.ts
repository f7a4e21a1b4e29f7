import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Public, RequireRoles } from '@wushe/platform';
import { SigningKeys } from './keys/signing-keys';
import { RotateKeys } from './rotate-keys/rotate-keys.use-case';

@ApiTags('keys')
@Controller()
export class KeysController {
  constructor(
    private readonly keys: SigningKeys,
    private readonly rotateKeys: RotateKeys,
  ) {}

  /** The public keys every service verifies access tokens with (next, active, recently retired). */
  @Public()
  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks() {
    return this.keys.jwks();
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequireRoles('province_admin')
  rotate(@CurrentPrincipal() principal: Principal) {
    return this.rotateKeys.execute(principal);
  }
}
