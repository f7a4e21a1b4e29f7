import { forwardRef, Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
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

/**
 * The recipients ledger. Its front door for other features: the repository (scoped reads),
 * registration (a discovery visit registers inside its own transaction) and caseloads. Households
 * and recipients need each other's repositories (a registration may join a household; a member is a
 * recipient), hence the forwardRef on both sides.
 */
@Module({
  imports: [forwardRef(() => HouseholdsModule)],
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
  ],
  exports: [RecipientRepository, RegisterRecipient, Caseloads],
})
export class RecipientsModule {}
