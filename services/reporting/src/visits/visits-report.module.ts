import { Module } from '@nestjs/common';
import { VisitRecordedHandler } from './visit-recorded.handler';
import { VisitSummary } from './visit-summary.query';
import { VisitSummaryRepository } from './visit-summary.repository';
import { VisitsProjectionConsumer } from './visits-projection.consumer';
import { VisitsReportController } from './visits-report.controller';

@Module({
  controllers: [VisitsReportController],
  providers: [VisitRecordedHandler, VisitsProjectionConsumer, VisitSummaryRepository, VisitSummary],
  exports: [VisitsProjectionConsumer],
})
export class VisitsReportModule {}
