import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  CurrentPrincipal,
  NotReplayable,
  Principal,
  Public,
  SignedIn,
  ZodPipe,
} from '@wushe/platform';
import type { Request, Response } from 'express';
import {
  LoginInput,
  loginSchema,
  RefreshInput,
  refreshSchema,
  TokenRequest,
  tokenRequestSchema,
} from './accounts.schemas';
import { ClientCredentials } from './client-credentials/client-credentials.use-case';
import { credentialsResponse, originOf } from './http/request-origin';
import { Login } from './login/login.use-case';
import { Logout } from './logout/logout.use-case';
import { Refresh } from './refresh/refresh.use-case';

@ApiTags('auth')
// Credential exchanges are not creations to replay: the Idempotency-Key store would keep tokens
// in plain text (and anonymous callers would share one key space).
@NotReplayable('responses carry tokens')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: Login,
    private readonly refresh: Refresh,
    private readonly logout: Logout,
    private readonly clientCredentials: ClientCredentials,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiZodBody(loginSchema)
  logIn(
    @Body(new ZodPipe(loginSchema)) body: LoginInput,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return credentialsResponse(res, () => this.login.execute(body, originOf(req)));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiZodBody(refreshSchema)
  refreshTokens(
    @Body(new ZodPipe(refreshSchema)) body: RefreshInput,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return credentialsResponse(res, () => this.refresh.execute(body.refreshToken, originOf(req)));
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiZodBody(refreshSchema)
  async logOut(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(refreshSchema)) body: RefreshInput,
    @Req() req: Request,
  ): Promise<void> {
    await this.logout.execute(principal, body.refreshToken, originOf(req));
  }

  /** OAuth 2.0 client credentials grant, JSON or application/x-www-form-urlencoded. */
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiZodBody(tokenRequestSchema)
  token(
    @Body(new ZodPipe(tokenRequestSchema)) body: TokenRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return credentialsResponse(res, () => this.clientCredentials.execute(body, originOf(req)));
  }
}
