import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Assessments } from './assessments/assessments.use-case';
import {
  CreateAssessmentInput,
  createAssessmentSchema,
  CreatePlanInput,
  createPlanSchema,
  idSchema,
  OverdueQuery,
  overdueQuerySchema,
  RecordMonitoringInput,
  recordMonitoringSchema,
  RecordServiceInput,
  recordServiceSchema,
  ReturnAssessmentInput,
  returnAssessmentSchema,
} from './case-work.schemas';
import { Plans } from './plans/plans.use-case';

const id = () => new ZodPipe(idSchema, 'params');

@ApiTags('case-work')
@ApiBearerAuth()
@Controller()
export class CaseWorkController {
  constructor(
    private readonly assessments: Assessments,
    private readonly plans: Plans,
  ) {}

  @Post('recipients/:id/assessments')
  @HttpCode(201)
  @ApiZodBody(createAssessmentSchema)
  createAssessment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) recipientId: string,
    @Body(new ZodPipe(createAssessmentSchema)) body: CreateAssessmentInput,
  ) {
    return this.assessments.create(principal, recipientId, body);
  }

  @Get('recipients/:id/assessments')
  listAssessments(@CurrentPrincipal() principal: Principal, @Param('id', id()) recipientId: string) {
    return this.assessments.list(principal, recipientId);
  }

  @Post('assessments/:id/submit')
  @HttpCode(200)
  submit(@CurrentPrincipal() principal: Principal, @Param('id', id()) assessmentId: string) {
    return this.assessments.submit(principal, assessmentId);
  }

  @Post('assessments/:id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', id()) assessmentId: string) {
    return this.assessments.approve(principal, assessmentId);
  }

  @Post('assessments/:id/return')
  @HttpCode(200)
  @ApiZodBody(returnAssessmentSchema)
  returnAssessment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) assessmentId: string,
    @Body(new ZodPipe(returnAssessmentSchema)) body: ReturnAssessmentInput,
  ) {
    return this.assessments.return(principal, assessmentId, body);
  }

  @Post('recipients/:id/plans')
  @HttpCode(201)
  @ApiZodBody(createPlanSchema)
  createPlan(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) recipientId: string,
    @Body(new ZodPipe(createPlanSchema)) body: CreatePlanInput,
  ) {
    return this.plans.create(principal, recipientId, body);
  }

  @Post('plans/:id/close')
  @HttpCode(200)
  closePlan(@CurrentPrincipal() principal: Principal, @Param('id', id()) planId: string) {
    return this.plans.close(principal, planId);
  }

  @Post('plans/:id/services')
  @HttpCode(201)
  @ApiZodBody(recordServiceSchema)
  recordService(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) planId: string,
    @Body(new ZodPipe(recordServiceSchema)) body: RecordServiceInput,
  ) {
    return this.plans.recordService(principal, planId, body);
  }

  @Post('plans/:id/monitoring')
  @HttpCode(201)
  @ApiZodBody(recordMonitoringSchema)
  recordMonitoring(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) planId: string,
    @Body(new ZodPipe(recordMonitoringSchema)) body: RecordMonitoringInput,
  ) {
    return this.plans.recordMonitoring(principal, planId, body);
  }

  @Get('monitoring/overdue')
  @ApiZodQuery(overdueQuerySchema)
  overdue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(overdueQuerySchema, 'query')) query: OverdueQuery,
  ) {
    return this.plans.overdue(principal, query);
  }
}
