import { forwardRef, Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { AddHouseholdMember } from './add-member/add-member.use-case';
import { CreateHousehold } from './create-household/create-household.use-case';
import { HouseholdRepository } from './household.repository';
import { HouseholdsController } from './households.controller';
import { RemoveHouseholdMember } from './remove-member/remove-member.use-case';
import { ViewHouseholds } from './view-households/view-households.use-case';

/** Households (一户一条救助链) and their members; membership is mirrored on Recipient.householdId. */
@Module({
  imports: [forwardRef(() => RecipientsModule)],
  controllers: [HouseholdsController],
  providers: [
    HouseholdRepository,
    CreateHousehold,
    ViewHouseholds,
    AddHouseholdMember,
    RemoveHouseholdMember,
  ],
  exports: [HouseholdRepository],
})
export class HouseholdsModule {}
