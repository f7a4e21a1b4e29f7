import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { ChangeTraining } from './change-training.use-case';
import { EnrolStaff } from './enrol-staff.use-case';
import { RecordAttendance } from './record-attendance.use-case';
import { ScheduleTraining } from './schedule-training.use-case';
import { TrainingQueries } from './training.queries';
import {
  AttendanceInput,
  attendanceSchema,
  cancelTrainingSchema,
  enrolSchema,
  hoursQuerySchema,
  idParamSchema,
  ListTrainingsQuery,
  listTrainingsQuerySchema,
  ScheduleTrainingInput,
  scheduleTrainingSchema,
  UpdateTrainingInput,
  updateTrainingSchema,
} from './training.schemas';

/** Training (岗前培训, 日常培训) and supervision (专业督导) sessions for staff. */
@ApiTags('trainings')
@ApiBearerAuth()
@Controller('trainings')
export class TrainingsController {
  constructor(
    private readonly schedule: ScheduleTraining,
    private readonly change: ChangeTraining,
    private readonly enrol: EnrolStaff,
    private readonly attendance: RecordAttendance,
    private readonly queries: TrainingQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('trainings.manage')
  @ApiZodBody(scheduleTrainingSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(scheduleTrainingSchema)) body: ScheduleTrainingInput,
  ) {
    return this.schedule.execute(principal, body);
  }

  @Get()
  @Permit('trainings.read')
  @ApiZodQuery(listTrainingsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listTrainingsQuerySchema, 'query')) query: ListTrainingsQuery,
  ) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Permit('trainings.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
  ) {
    return this.queries.get(principal, id);
  }

  @Patch(':id')
  @Permit('trainings.manage')
  @ApiZodBody(updateTrainingSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(updateTrainingSchema)) body: UpdateTrainingInput,
  ) {
    return this.change.update(principal, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Permit('trainings.manage')
  @ApiZodBody(cancelTrainingSchema)
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(cancelTrainingSchema)) body: { reason: string },
  ) {
    return this.change.cancel(principal, id, body.reason);
  }

  @Post(':id/enrolments')
  @HttpCode(200)
  @Permit('trainings.manage')
  @ApiZodBody(enrolSchema)
  enrolStaff(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(enrolSchema)) body: { staffIds: string[] },
  ) {
    return this.enrol.execute(principal, id, body.staffIds);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @Permit('trainings.manage')
  @ApiZodBody(attendanceSchema)
  recordAttendance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(attendanceSchema)) body: AttendanceInput,
  ) {
    return this.attendance.execute(principal, id, body);
  }
}

/** A staff member's training hours (the staff member must be readable by the caller). */
@ApiTags('trainings')
@ApiBearerAuth()
@Controller('staff')
export class TrainingHoursController {
  constructor(private readonly queries: TrainingQueries) {}

  @Get(':id/training-hours')
  @Permit('staff.read')
  @ApiZodQuery(hoursQuerySchema)
  hours(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Query(new ZodPipe(hoursQuerySchema, 'query')) query: { year?: number },
  ) {
    return this.queries.hours(principal, id, query.year);
  }
}
