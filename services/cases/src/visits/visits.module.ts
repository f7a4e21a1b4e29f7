import { Module } from '@nestjs/common';
import { ListVisits } from './list-visits/list-visits.use-case';
import { RecordVisit } from './record-visit/record-visit.use-case';
import { VisitRepository } from './visit.repository';
import { VisitsController } from './visits.controller';

@Module({
  controllers: [VisitsController],
  providers: [VisitRepository, RecordVisit, ListVisits],
})
export class VisitsModule {}
