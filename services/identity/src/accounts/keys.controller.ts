import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Public } from '@wushe/platform';
import { Permit } from '../access/permissions';
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
  @Permit('keys.rotate')
  rotate(@CurrentPrincipal() principal: Principal) {
    return this.rotateKeys.execute(principal);
  }
}
