import { Module } from '@nestjs/common';
import { MatchPolicies } from './match-policies.use-case';
import { PoliciesController } from './policies.controller';
import { PolicyRepository } from './policy.repository';
import { ReferralLifecycle } from './referral-lifecycle.use-case';

@Module({
  controllers: [PoliciesController],
  providers: [PolicyRepository, MatchPolicies, ReferralLifecycle],
  // Matching is stateless and runs inside the caller's transaction: a discovery visit and an
  // assessment's approval match there.
  exports: [PolicyRepository, MatchPolicies],
})
export class PoliciesModule {}
