import { Module } from '@nestjs/common';
import { HouseholdRepository } from '../households/household.repository';
import { MatchPolicies } from '../policies/match-policies.use-case';
import { PolicyRepository } from '../policies/policy.repository';
import { RecipientRepository } from '../recipients/recipient.repository';
import { RegisterRecipient } from '../recipients/register-recipient/register-recipient.use-case';
import { RegistrationWriter } from '../recipients/registration-writer';
import { ListVisits } from './list-visits/list-visits.use-case';
import { RecordVisit } from './record-visit/record-visit.use-case';
import { VisitRepository } from './visit.repository';
import { VisitsController } from './visits.controller';

// RegisterRecipient and MatchPolicies are stateless use cases: a discovery visit registers and
// matches inside its own transaction, so it gets its own instances instead of importing modules.
@Module({
  controllers: [VisitsController],
  providers: [
    VisitRepository,
    RecordVisit,
    ListVisits,
    RecipientRepository,
    RegisterRecipient,
    RegistrationWriter,
    HouseholdRepository,
    PolicyRepository,
    MatchPolicies,
  ],
})
export class VisitsModule {}
