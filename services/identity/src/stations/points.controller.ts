import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { ClosePoint } from './close-point/close-point.use-case';
import {
  CloseInput,
  closeSchema,
  entityIdSchema,
  UpdatePointInput,
  updatePointSchema,
} from './station.schemas';
import { UpdatePoint } from './update-point/update-point.use-case';

const idParam = new ZodPipe(entityIdSchema, 'params');

/** Points are opened under their station (POST /stations/:id/points) and read with it. */
@ApiTags('stations')
@ApiBearerAuth()
@Controller('points')
export class PointsController {
  constructor(
    private readonly updatePoint: UpdatePoint,
    private readonly closePoint: ClosePoint,
  ) {}

  @Patch(':id')
  @Permit('stations.manage')
  @ApiZodBody(updatePointSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idParam) id: string,
    @Body(new ZodPipe(updatePointSchema)) body: UpdatePointInput,
  ) {
    return this.updatePoint.execute(principal, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Permit('stations.manage')
  @ApiZodBody(closeSchema)
  close(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idParam) id: string,
    @Body(new ZodPipe(closeSchema)) body: CloseInput,
  ) {
    return this.closePoint.execute(principal, id, body);
  }
}
