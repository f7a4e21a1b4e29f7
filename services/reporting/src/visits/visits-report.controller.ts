import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { VisitSummary, VisitSummaryQuery, visitSummaryQuerySchema } from './visit-summary.query';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class VisitsReportController {
  constructor(private readonly summary: VisitSummary) {}

  @Get('summary')
  @Permit('visit-reports.read')
  @ApiZodQuery(visitSummaryQuerySchema)
  get(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(visitSummaryQuerySchema, 'query')) query: VisitSummaryQuery,
  ) {
    return this.summary.run(principal, query);
  }
}
