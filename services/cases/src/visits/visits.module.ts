import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { ListVisits } from './list-visits/list-visits.use-case';
import { RecordVisit } from './record-visit/record-visit.use-case';
import { VisitRepository } from './visit.repository';
import { VisitsController } from './visits.controller';

// A discovery visit registers newcomers and matches policies inside its own transaction, through
// RecipientsModule's RegisterRecipient and PoliciesModule's MatchPolicies (their exports).
@Module({
  imports: [RecipientsModule, PoliciesModule],
  controllers: [VisitsController],
  providers: [VisitRepository, RecordVisit, ListVisits],
})
export class VisitsModule {}
