import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import {
  CheckInInput,
  checkInSchema,
  CreateProgrammeInput,
  createProgrammeSchema,
  EnrolInput,
  enrolSchema,
  idSchema,
  LeaveInput,
  leaveSchema,
  ListProgrammesQuery,
  listProgrammesQuerySchema,
  TotalsQuery,
  totalsQuerySchema,
} from './programmes.schemas';
import { Programmes } from './programmes.use-case';
import { Permit } from '../access/permissions';

const id = () => new ZodPipe(idSchema, 'params');

@ApiTags('programmes')
@ApiBearerAuth()
@Controller()
export class ProgrammesController {
  constructor(private readonly programmes: Programmes) {}

  @Post('programmes')
  @Permit('programmes.create')
  @HttpCode(201)
  @ApiZodBody(createProgrammeSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createProgrammeSchema)) body: CreateProgrammeInput,
  ) {
    return this.programmes.create(principal, body);
  }

  @Get('programmes')
  @Permit('programmes.read')
  @ApiZodQuery(listProgrammesQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listProgrammesQuerySchema, 'query')) query: ListProgrammesQuery,
  ) {
    return this.programmes.list(principal, query);
  }

  @Get('programmes/:id')
  @Permit('programmes.read')
  get(@CurrentPrincipal() principal: Principal, @Param('id', id()) programmeId: string) {
    return this.programmes.get(principal, programmeId);
  }

  @Post('programmes/:id/enrolments')
  @Permit('enrolments.manage')
  @HttpCode(201)
  @ApiZodBody(enrolSchema)
  enrol(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) programmeId: string,
    @Body(new ZodPipe(enrolSchema)) body: EnrolInput,
  ) {
    return this.programmes.enrol(principal, programmeId, body);
  }

  @Post('programmes/:id/enrolments/:enrolmentId/leave')
  @Permit('enrolments.manage')
  @HttpCode(200)
  @ApiZodBody(leaveSchema)
  leave(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) programmeId: string,
    @Param('enrolmentId', id()) enrolmentId: string,
    @Body(new ZodPipe(leaveSchema)) body: LeaveInput,
  ) {
    return this.programmes.leave(principal, programmeId, enrolmentId, body);
  }

  @Post('enrolments/:id/check-ins')
  @Permit('enrolments.manage')
  @HttpCode(201)
  @ApiZodBody(checkInSchema)
  checkIn(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) enrolmentId: string,
    @Body(new ZodPipe(checkInSchema)) body: CheckInInput,
  ) {
    return this.programmes.checkIn(principal, enrolmentId, body);
  }

  @Get('programmes/:id/totals')
  @Permit('programmes.read')
  @ApiZodQuery(totalsQuerySchema)
  totals(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) programmeId: string,
    @Query(new ZodPipe(totalsQuerySchema, 'query')) query: TotalsQuery,
  ) {
    return this.programmes.totals(principal, programmeId, query);
  }
}
