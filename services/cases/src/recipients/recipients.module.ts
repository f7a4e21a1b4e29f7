import { Module } from '@nestjs/common';
import { HouseholdRepository } from '../households/household.repository';
import { AssignWorker } from './assign-worker/assign-worker.use-case';
import { ChangeRecipientDetails } from './change-details/change-recipient-details.use-case';
import { Caseloads } from './caseload';
import { ChangeRecipientStatus } from './change-status/change-recipient-status.use-case';
import { ManageCategories } from './manage-categories/manage-categories.use-case';
import { RecipientRepository } from './recipient.repository';
import { RecipientsController } from './recipients.controller';
import { RegisterRecipient } from './register-recipient/register-recipient.use-case';
import { RegistrationWriter } from './registration-writer';
import { RevealPersonalData } from './reveal-personal-data/reveal-personal-data.use-case';
import { ViewRecipients } from './view-recipients/view-recipients.use-case';

@Module({
  controllers: [RecipientsController],
  providers: [
    RecipientRepository,
    Caseloads,
    RegisterRecipient,
    ViewRecipients,
    RevealPersonalData,
    ChangeRecipientStatus,
    ManageCategories,
    AssignWorker,
    ChangeRecipientDetails,
    RegistrationWriter,
    HouseholdRepository,
  ],
})
export class RecipientsModule {}
