import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { RecordCertificate } from './certificates/record-certificate.use-case';
import { LeaveStaff } from './leave-staff.use-case';
import { RegisterStaff } from './register-staff.use-case';
import { StaffQueries } from './staff.queries';
import {
  CertificateInput,
  certificateSchema,
  idParamSchema,
  leaveSchema,
  ListStaffQuery,
  listStaffQuerySchema,
  RegisterStaffInput,
  registerStaffSchema,
  UpdateStaffInput,
  updateStaffSchema,
} from './staff.schemas';
import { UpdateStaff } from './update-staff.use-case';

/** Social-worker profiles (社工) and their certificates. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly registerStaff: RegisterStaff,
    private readonly updateStaff: UpdateStaff,
    private readonly leaveStaff: LeaveStaff,
    private readonly recordCertificate: RecordCertificate,
    private readonly queries: StaffQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('staff.manage')
  @ApiZodBody(registerStaffSchema)
  register(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(registerStaffSchema)) body: RegisterStaffInput,
  ) {
    return this.registerStaff.execute(principal, body);
  }

  @Get()
  @Permit('staff.read')
  @ApiZodQuery(listStaffQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listStaffQuerySchema, 'query')) query: ListStaffQuery,
  ) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Permit('staff.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
  ) {
    return this.queries.get(principal, id);
  }

  @Patch(':id')
  @Permit('staff.manage')
  @ApiZodBody(updateStaffSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(updateStaffSchema)) body: UpdateStaffInput,
  ) {
    return this.updateStaff.execute(principal, id, body);
  }

  @Post(':id/leave')
  @HttpCode(200)
  @Permit('staff.manage')
  @ApiZodBody(leaveSchema)
  leave(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(leaveSchema)) body: { leftOn: string },
  ) {
    return this.leaveStaff.execute(principal, id, body.leftOn);
  }

  @Post(':id/certificates')
  @HttpCode(201)
  @Permit('staff.manage')
  @ApiZodBody(certificateSchema)
  certify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(certificateSchema)) body: CertificateInput,
  ) {
    return this.recordCertificate.execute(principal, id, body);
  }
}
