import { Module } from '@nestjs/common';
import { RecipientRepository } from '../recipients/recipient.repository';
import { AddHouseholdMember } from './add-member/add-member.use-case';
import { CreateHousehold } from './create-household/create-household.use-case';
import { HouseholdRepository } from './household.repository';
import { HouseholdsController } from './households.controller';
import { RemoveHouseholdMember } from './remove-member/remove-member.use-case';
import { ViewHouseholds } from './view-households/view-households.use-case';

/** Households (一户一条救助链) and their members; membership is mirrored on Recipient.householdId. */
@Module({
  controllers: [HouseholdsController],
  providers: [
    HouseholdRepository,
    RecipientRepository,
    CreateHousehold,
    ViewHouseholds,
    AddHouseholdMember,
    RemoveHouseholdMember,
  ],
})
export class HouseholdsModule {}
