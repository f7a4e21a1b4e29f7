import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CurrentPrincipal, NotReplayable, Principal, ZodPipe } from '@wushe/platform';
import type { Request } from 'express';
import { CreateServiceAccountInput, createServiceAccountSchema } from './accounts.schemas';
import { Permit } from '../access/permissions';
import { CreateServiceAccount } from './create-service-account/create-service-account.use-case';
import { originOf } from './http/request-origin';

@ApiTags('service-accounts')
@ApiBearerAuth()
@Controller('service-accounts')
export class ServiceAccountsController {
  constructor(private readonly createServiceAccount: CreateServiceAccount) {}

  /** Answers the client secret once; it cannot be read again (create another account to replace it). */
  @Post()
  @NotReplayable('the response carries the client secret, shown once and stored only hashed')
  @HttpCode(201)
  @Permit('service-accounts.manage')
  @ApiZodBody(createServiceAccountSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createServiceAccountSchema)) body: CreateServiceAccountInput,
    @Req() req: Request,
  ) {
    return this.createServiceAccount.execute(principal, body, originOf(req));
  }
}
