import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import type { Request } from 'express';
import { Permit } from '../permissions';
import { GrantRole, RequestOrigin } from './grant-role.use-case';
import { accountIdSchema, GrantBody, grantBodySchema, grantParamsSchema } from './grant.schemas';
import { ListGrants } from './list-grants.query';
import { RevokeGrant } from './revoke-grant.use-case';

const originOf = (req: Request): RequestOrigin => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

@ApiTags('grants')
@ApiBearerAuth()
@Controller('accounts/:id/grants')
export class GrantsController {
  constructor(
    private readonly grantRole: GrantRole,
    private readonly revokeGrant: RevokeGrant,
    private readonly listGrants: ListGrants,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('accounts.manage')
  @ApiZodBody(grantBodySchema)
  grant(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(accountIdSchema, 'params')) accountId: string,
    @Body(new ZodPipe(grantBodySchema)) body: GrantBody,
    @Req() req: Request,
  ) {
    return this.grantRole.execute(principal, accountId, body, originOf(req));
  }

  @Get()
  @Permit('accounts.read')
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(accountIdSchema, 'params')) accountId: string,
  ) {
    return this.listGrants.forAccount(principal, accountId);
  }

  @Delete(':grantId')
  @Permit('accounts.manage')
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(grantParamsSchema, 'params')) params: { id: string; grantId: string },
    @Req() req: Request,
  ) {
    return this.revokeGrant.execute(principal, params.id, params.grantId, originOf(req));
  }
}
