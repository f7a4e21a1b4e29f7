import { Module } from '@nestjs/common';
import { MatchPolicies } from './match-policies.use-case';
import { PoliciesController } from './policies.controller';
import { PolicyRepository } from './policy.repository';
import { ReferralLifecycle } from './referral-lifecycle.use-case';

@Module({
  controllers: [PoliciesController],
  providers: [PolicyRepository, MatchPolicies, ReferralLifecycle],
})
export class PoliciesModule {}
