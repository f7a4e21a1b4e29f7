import { Module } from '@nestjs/common';
import { Assessments } from './assessments/assessments.use-case';
import { CaseWorkController } from './case-work.controller';
import { CaseWorkRepository } from './case-work.repository';
import { Plans } from './plans/plans.use-case';

/** Assessments, service plans, service and monitoring records (个案工作). */
@Module({
  controllers: [CaseWorkController],
  providers: [CaseWorkRepository, Assessments, Plans],
})
export class CaseWorkModule {}
