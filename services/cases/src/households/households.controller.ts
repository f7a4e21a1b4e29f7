import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { AddHouseholdMember } from './add-member/add-member.use-case';
import { CreateHousehold } from './create-household/create-household.use-case';
import {
  AddMemberInput,
  addMemberSchema,
  CreateHouseholdInput,
  createHouseholdSchema,
  idSchema,
  ListHouseholdsQuery,
  listHouseholdsQuerySchema,
} from './household.schemas';
import { RemoveHouseholdMember } from './remove-member/remove-member.use-case';
import { ViewHouseholds } from './view-households/view-households.use-case';
import { Permit } from '../access/permissions';

const id = () => new ZodPipe(idSchema, 'params');

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly createHousehold: CreateHousehold,
    private readonly viewHouseholds: ViewHouseholds,
    private readonly addMember: AddHouseholdMember,
    private readonly removeMember: RemoveHouseholdMember,
  ) {}

  @Post()
  @Permit('households.manage')
  @HttpCode(201)
  @ApiZodBody(createHouseholdSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createHouseholdSchema)) body: CreateHouseholdInput,
  ) {
    return this.createHousehold.execute(principal, body);
  }

  @Get()
  @Permit('households.read')
  @ApiZodQuery(listHouseholdsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listHouseholdsQuerySchema, 'query')) query: ListHouseholdsQuery,
  ) {
    return this.viewHouseholds.page(principal, query);
  }

  @Get(':id')
  @Permit('households.read')
  get(@CurrentPrincipal() principal: Principal, @Param('id', id()) householdId: string) {
    return this.viewHouseholds.get(principal, householdId);
  }

  @Post(':id/members')
  @Permit('households.manage')
  @HttpCode(201)
  @ApiZodBody(addMemberSchema)
  add(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) householdId: string,
    @Body(new ZodPipe(addMemberSchema)) body: AddMemberInput,
  ) {
    return this.addMember.execute(principal, householdId, body);
  }

  // A POST action like programmes' …/leave: village networks and proxies handle POST best, and
  // the Idempotency-Key machinery only covers POST.
  @Post(':id/members/:recipientId/remove')
  @Permit('households.manage')
  @HttpCode(200)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', id()) householdId: string,
    @Param('recipientId', id()) recipientId: string,
  ) {
    return this.removeMember.execute(principal, householdId, recipientId);
  }
}
