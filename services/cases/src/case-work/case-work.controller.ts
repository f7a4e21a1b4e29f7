import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Assessments } from './assessments/assessments.use-case';
import { EditAssessment } from './assessments/edit-assessment.use-case';
import {
  ChangePlanInput,
  changePlanSchema,
  CreateAssessmentInput,
  createAssessmentSchema,
  CreatePlanInput,
  createPlanSchema,
  EditAssessmentInput,
  editAssessmentSchema,
  idSchema,
  ListQuery,
  listQuerySchema,
  OverdueQuery,
  overdueQuerySchema,
  RecordMonitoringInput,
  recordMonitoringSchema,
  RecordServiceInput,
  recordServiceSchema,
  ReturnAssessmentInput,
  returnAssessmentSchema,
} from './case-work.schemas';
import { ChangePlan } from './plans/change-plan.use-case';
import { Plans } from './plans/plans.use-case';
import { ViewPlans } from './plans/view-plans.use-case';
import { Permit } from '../access/permissions';

const id = () => new ZodPipe(idSchema, 'params');

@ApiTags('case-work')
@ApiBearerAuth()
@Controller()
export class CaseWorkController {
  constructor(
    private readonly assessments: Assessments,
    private readonly editAssessment: EditAssessment,
    private readonly plans: Plans,
    private readonly viewPlans: ViewPlans,
    private readonly changePlan: ChangePlan,
  ) {}

  @Post('recipients/:id/assessments')
  @Permit('case-work.manage')
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
  @Permit('case-work.read')
  listAssessments(@CurrentPrincipal() principal: Principal, @Param('id', id()) recipientId: string) {
    return this.assessments.list(principal, recipientId);
  }

  @Get('assessments/:id')
  @Permit('case-work.read')
  getAssessment(@CurrentPrincipal() principal: Principal, @Param('id', id()) assessmentId: string) {
    return this.assessments.get(principal, assessmentId);
  }

  @Patch('assessments/:id')
  @Permit('case-work.manage')
  @ApiZodBody(editAssessmentSchema)
  edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) assessmentId: string,
    @Body(new ZodPipe(editAssessmentSchema)) body: EditAssessmentInput,
  ) {
    return this.editAssessment.execute(principal, assessmentId, body);
  }

  @Post('assessments/:id/submit')
  @Permit('case-work.manage')
  @HttpCode(200)
  submit(@CurrentPrincipal() principal: Principal, @Param('id', id()) assessmentId: string) {
    return this.assessments.submit(principal, assessmentId);
  }

  @Post('assessments/:id/approve')
  @Permit('case-work.approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', id()) assessmentId: string) {
    return this.assessments.approve(principal, assessmentId);
  }

  @Post('assessments/:id/return')
  @Permit('case-work.approve')
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
  @Permit('case-work.manage')
  @HttpCode(201)
  @ApiZodBody(createPlanSchema)
  createPlan(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) recipientId: string,
    @Body(new ZodPipe(createPlanSchema)) body: CreatePlanInput,
  ) {
    return this.plans.create(principal, recipientId, body);
  }

  @Get('recipients/:id/plans')
  @Permit('case-work.read')
  @ApiZodQuery(listQuerySchema)
  listPlans(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) recipientId: string,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: ListQuery,
  ) {
    return this.viewPlans.ofRecipient(principal, recipientId, query);
  }

  @Get('plans/:id')
  @Permit('case-work.read')
  getPlan(@CurrentPrincipal() principal: Principal, @Param('id', id()) planId: string) {
    return this.viewPlans.get(principal, planId);
  }

  @Patch('plans/:id')
  @Permit('case-work.manage')
  @ApiZodBody(changePlanSchema)
  change(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) planId: string,
    @Body(new ZodPipe(changePlanSchema)) body: ChangePlanInput,
  ) {
    return this.changePlan.execute(principal, planId, body);
  }

  @Get('plans/:id/services')
  @Permit('case-work.read')
  @ApiZodQuery(listQuerySchema)
  listServices(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) planId: string,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: ListQuery,
  ) {
    return this.viewPlans.services(principal, planId, query);
  }

  @Get('plans/:id/monitoring')
  @Permit('case-work.read')
  @ApiZodQuery(listQuerySchema)
  listMonitoring(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) planId: string,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: ListQuery,
  ) {
    return this.viewPlans.monitoring(principal, planId, query);
  }

  @Post('plans/:id/close')
  @Permit('case-work.manage')
  @HttpCode(200)
  closePlan(@CurrentPrincipal() principal: Principal, @Param('id', id()) planId: string) {
    return this.plans.close(principal, planId);
  }

  @Post('plans/:id/services')
  @Permit('case-work.manage')
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
  @Permit('case-work.manage')
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
  @Permit('case-work.read')
  @ApiZodQuery(overdueQuerySchema)
  overdue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(overdueQuerySchema, 'query')) query: OverdueQuery,
  ) {
    return this.plans.overdue(principal, query);
  }
}
