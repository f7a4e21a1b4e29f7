import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { CloseStation } from './close-station/close-station.use-case';
import { ListStations } from './list-stations/list-stations.use-case';
import { OpenPoint } from './open-point/open-point.use-case';
import { OpenStation } from './open-station/open-station.use-case';
import {
  CloseInput,
  closeSchema,
  entityIdSchema,
  ListStationsQuery,
  listStationsQuerySchema,
  OpenPointInput,
  openPointSchema,
  OpenStationInput,
  openStationSchema,
  UpdateStationInput,
  updateStationSchema,
} from './station.schemas';
import { UpdateStation } from './update-station/update-station.use-case';

const idParam = new ZodPipe(entityIdSchema, 'params');

@ApiTags('stations')
@ApiBearerAuth()
@Controller('stations')
export class StationsController {
  constructor(
    private readonly openStation: OpenStation,
    private readonly listStations: ListStations,
    private readonly updateStation: UpdateStation,
    private readonly closeStation: CloseStation,
    private readonly openPoint: OpenPoint,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('stations.manage')
  @ApiZodBody(openStationSchema)
  open(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(openStationSchema)) body: OpenStationInput,
  ) {
    return this.openStation.execute(principal, body);
  }

  @Get()
  @Permit('stations.read')
  @ApiZodQuery(listStationsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listStationsQuerySchema, 'query')) query: ListStationsQuery,
  ) {
    return this.listStations.page(principal, query);
  }

  @Get(':id')
  @Permit('stations.read')
  get(@CurrentPrincipal() principal: Principal, @Param('id', idParam) id: string) {
    return this.listStations.get(principal, id);
  }

  @Patch(':id')
  @Permit('stations.manage')
  @ApiZodBody(updateStationSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idParam) id: string,
    @Body(new ZodPipe(updateStationSchema)) body: UpdateStationInput,
  ) {
    return this.updateStation.execute(principal, id, body);
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
    return this.closeStation.execute(principal, id, body);
  }

  @Post(':id/points')
  @HttpCode(201)
  @Permit('stations.manage')
  @ApiZodBody(openPointSchema)
  openPointUnder(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idParam) id: string,
    @Body(new ZodPipe(openPointSchema)) body: OpenPointInput,
  ) {
    return this.openPoint.execute(principal, id, body);
  }
}
