import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { Assessments } from './assessments/assessments.use-case';
import { EditAssessment } from './assessments/edit-assessment.use-case';
import { CaseWorkController } from './case-work.controller';
import { CaseWorkRepository } from './case-work.repository';
import { ChangePlan } from './plans/change-plan.use-case';
import { PlanRecordsRepository } from './plans/plan-records.repository';
import { Plans } from './plans/plans.use-case';
import { ViewPlans } from './plans/view-plans.use-case';

/**
 * Assessments, service plans, service and monitoring records (个案工作). An approval evaluates the
 * policy catalogue inside its own transaction, with PoliciesModule's MatchPolicies.
 */
@Module({
  imports: [PoliciesModule],
  controllers: [CaseWorkController],
  providers: [
    CaseWorkRepository,
    PlanRecordsRepository,
    Assessments,
    EditAssessment,
    Plans,
    ViewPlans,
    ChangePlan,
  ],
})
export class CaseWorkModule {}
