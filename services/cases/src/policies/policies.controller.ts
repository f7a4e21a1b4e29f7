import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { MatchPolicies } from './match-policies.use-case';
import { PolicyRepository } from './policy.repository';
import {
  DecideReferralInput,
  decideReferralSchema,
  idSchema,
  MatchPoliciesInput,
  matchPoliciesSchema,
  SubmitReferralInput,
  submitReferralSchema,
} from './policy.schemas';
import { ReferralLifecycle } from './referral-lifecycle.use-case';
import { Permit } from '../access/permissions';

@ApiTags('policies')
@ApiBearerAuth()
@Controller()
export class PoliciesController {
  constructor(
    private readonly repository: PolicyRepository,
    private readonly matchPolicies: MatchPolicies,
    private readonly referrals: ReferralLifecycle,
  ) {}

  /** The policy catalogue, with its rules, for anyone who may read the ledger somewhere. */
  @Get('policies')
  @Permit('referrals.read')
  async list() {
    const policies = await this.repository.policies(false);
    return {
      items: policies.map((p) => ({
        code: p.code,
        name: p.name,
        department: p.department,
        rules: p.rules,
        active: p.active,
      })),
    };
  }

  @Post('recipients/:id/policy-matches')
  // Readers see the matches; only referrals.manage in the village records suggestions.
  @Permit('referrals.read')
  @HttpCode(200)
  @ApiZodBody(matchPoliciesSchema)
  match(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idSchema, 'params')) id: string,
    @Body(new ZodPipe(matchPoliciesSchema)) body: MatchPoliciesInput,
  ) {
    return this.matchPolicies.execute(principal, id, body);
  }

  @Get('recipients/:id/referrals')
  @Permit('referrals.read')
  referralsOf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idSchema, 'params')) id: string,
  ) {
    return this.referrals.list(principal, id);
  }

  @Post('referrals/:id/submit')
  @Permit('referrals.manage')
  @HttpCode(200)
  @ApiZodBody(submitReferralSchema)
  submit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idSchema, 'params')) id: string,
    @Body(new ZodPipe(submitReferralSchema)) body: SubmitReferralInput,
  ) {
    return this.referrals.submit(principal, id, body);
  }

  @Post('referrals/:id/decide')
  @Permit('referrals.manage')
  @HttpCode(200)
  @ApiZodBody(decideReferralSchema)
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idSchema, 'params')) id: string,
    @Body(new ZodPipe(decideReferralSchema)) body: DecideReferralInput,
  ) {
    return this.referrals.decide(principal, id, body);
  }
}
