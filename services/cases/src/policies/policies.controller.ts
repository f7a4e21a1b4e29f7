import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CommonErrors, CurrentPrincipal, Principal, RegionScope, ZodPipe } from '@wushe/platform';
import { MatchPolicies } from './match-policies.use-case';
import { PolicyRepository } from './policy.repository';
import { REFERRAL_READERS } from './policy-roles';
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
  async list(@CurrentPrincipal() principal: Principal) {
    const scope = RegionScope.of(principal, REFERRAL_READERS);
    if (scope.prefixes !== 'all' && scope.prefixes.length === 0) throw CommonErrors.FORBIDDEN();
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
  referralsOf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idSchema, 'params')) id: string,
  ) {
    return this.referrals.list(principal, id);
  }

  @Post('referrals/:id/submit')
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
