import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { ListVisits } from './list-visits/list-visits.use-case';
import { RecordVisit } from './record-visit/record-visit.use-case';
import {
  ListVisitsQuery,
  listVisitsQuerySchema,
  RecordVisitInput,
  recordVisitSchema,
  visitIdSchema,
} from './visit.schemas';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly recordVisit: RecordVisit,
    private readonly listVisits: ListVisits,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiZodBody(recordVisitSchema)
  record(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(recordVisitSchema)) body: RecordVisitInput,
  ) {
    return this.recordVisit.execute(principal, body);
  }

  @Get()
  @ApiZodQuery(listVisitsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listVisitsQuerySchema, 'query')) query: ListVisitsQuery,
  ) {
    return this.listVisits.page(principal, query);
  }

  @Get(':id')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(visitIdSchema, 'params')) id: string,
  ) {
    return this.listVisits.get(principal, id);
  }
}
