import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { Permit } from '../access/permissions';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly recordVisit: RecordVisit,
    private readonly listVisits: ListVisits,
  ) {}

  @Post()
  @Permit('visits.record')
  @HttpCode(201)
  @ApiZodBody(recordVisitSchema)
  @ApiOperation({
    summary: 'Record a visit; a discovery visit may register the people it found',
    description:
      'Routine and follow-up visits name the recipients visited (same village). A discovery visit may register new recipients (same fields as POST /recipients; categories recorded with source `visit`) in the same transaction: one bad entry refuses the whole visit, with the entry in `path`. The policy catalogue is evaluated for every (not closed) person seen or registered, and new matches are recorded as suggested referrals (`policySuggestions`). Coordinates are GCJ-02. Findings and coordinates are encrypted and returned only by GET, to visit writers of the village.',
  })
  record(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(recordVisitSchema)) body: RecordVisitInput,
  ) {
    return this.recordVisit.execute(principal, body);
  }

  @Get()
  @Permit('visits.read')
  @ApiZodQuery(listVisitsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listVisitsQuerySchema, 'query')) query: ListVisitsQuery,
  ) {
    return this.listVisits.page(principal, query);
  }

  @Get(':id')
  @Permit('visits.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(visitIdSchema, 'params')) id: string,
  ) {
    return this.listVisits.get(principal, id);
  }
}
