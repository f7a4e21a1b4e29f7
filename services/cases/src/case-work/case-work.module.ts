import { Module } from '@nestjs/common';
import { MatchPolicies } from '../policies/match-policies.use-case';
import { PolicyRepository } from '../policies/policy.repository';
import { Assessments } from './assessments/assessments.use-case';
import { EditAssessment } from './assessments/edit-assessment.use-case';
import { CaseWorkController } from './case-work.controller';
import { CaseWorkRepository } from './case-work.repository';
import { ChangePlan } from './plans/change-plan.use-case';
import { PlanRecordsRepository } from './plans/plan-records.repository';
import { Plans } from './plans/plans.use-case';
import { ViewPlans } from './plans/view-plans.use-case';

/**
 * Assessments, service plans, service and monitoring records (个案工作). MatchPolicies (stateless)
 * is provided here too: an approval evaluates the policy catalogue inside its own transaction.
 */
@Module({
  controllers: [CaseWorkController],
  providers: [
    CaseWorkRepository,
    PlanRecordsRepository,
    Assessments,
    EditAssessment,
    Plans,
    ViewPlans,
    ChangePlan,
    PolicyRepository,
    MatchPolicies,
  ],
})
export class CaseWorkModule {}
