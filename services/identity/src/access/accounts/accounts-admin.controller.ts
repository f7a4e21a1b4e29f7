import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import type { Request } from 'express';
import { Permit } from '../permissions';
import {
  CreateAccountInput,
  createAccountSchema,
  ListAccountsQuery,
  listAccountsQuerySchema,
} from './account-admin.schemas';
import { CreateAccount } from './create-account.use-case';
import { ListAccounts } from './list-accounts.query';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsAdminController {
  constructor(
    private readonly createAccount: CreateAccount,
    private readonly listAccounts: ListAccounts,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('accounts.manage')
  @ApiZodBody(createAccountSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createAccountSchema)) body: CreateAccountInput,
    @Req() req: Request,
  ) {
    return this.createAccount.execute(principal, body, { ip: req.ip, userAgent: req.headers['user-agent'] });
  }

  @Get()
  @Permit('accounts.read')
  @ApiZodQuery(listAccountsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listAccountsQuerySchema, 'query')) query: ListAccountsQuery,
  ) {
    return this.listAccounts.page(principal, query);
  }
}
