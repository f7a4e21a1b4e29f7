import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  ApiZodQuery,
  CurrentPrincipal,
  NotReplayable,
  Principal,
  ZodPipe,
} from '@wushe/platform';
import type { Request } from 'express';
import { AssignWorker } from './assign-worker/assign-worker.use-case';
import { ChangeRecipientDetails } from './change-details/change-recipient-details.use-case';
import { ChangeRecipientStatus } from './change-status/change-recipient-status.use-case';
import { ManageCategories } from './manage-categories/manage-categories.use-case';
import { RegisterRecipient } from './register-recipient/register-recipient.use-case';
import { RevealPersonalData } from './reveal-personal-data/reveal-personal-data.use-case';
import { ViewRecipients } from './view-recipients/view-recipients.use-case';
import {
  AssignWorkerInput,
  assignWorkerSchema,
  CategoryInput,
  categoryInputSchema,
  ChangeStatusInput,
  changeStatusSchema,
  EndCategoryInput,
  ChangeDetailsInput,
  changeDetailsSchema,
  endCategorySchema,
  ListRecipientsQuery,
  listRecipientsQuerySchema,
  RegisterRecipientInput,
  registerRecipientSchema,
  recipientIdSchema,
  RevealInput,
  revealSchema,
  SearchRecipientsInput,
  searchRecipientsSchema,
} from './recipient.schemas';
import { Permit } from '../access/permissions';

@ApiTags('recipients')
@ApiBearerAuth()
@Controller('recipients')
export class RecipientsController {
  constructor(
    private readonly registerRecipient: RegisterRecipient,
    private readonly viewRecipients: ViewRecipients,
    private readonly revealPersonalData: RevealPersonalData,
    private readonly changeStatus: ChangeRecipientStatus,
    private readonly manageCategories: ManageCategories,
    private readonly assignWorker: AssignWorker,
    private readonly changeDetails: ChangeRecipientDetails,
  ) {}

  @Post()
  @Permit('recipients.manage')
  @HttpCode(201)
  @ApiZodBody(registerRecipientSchema)
  register(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(registerRecipientSchema)) body: RegisterRecipientInput,
  ) {
    return this.registerRecipient.execute(principal, body);
  }

  @Get()
  @Permit('recipients.read')
  @ApiZodQuery(listRecipientsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listRecipientsQuerySchema, 'query')) query: ListRecipientsQuery,
  ) {
    return this.viewRecipients.page(principal, query);
  }

  /** By resident ID or name prefix, in the body (never in a URL that access logs keep). */
  @Post('search')
  @Permit('recipients.read')
  @HttpCode(200)
  @NotReplayable('a read: repeating it is harmless, and its answer is not kept')
  @ApiZodBody(searchRecipientsSchema)
  search(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(searchRecipientsSchema)) body: SearchRecipientsInput,
  ) {
    return this.viewRecipients.search(principal, body);
  }

  @Get(':id')
  @Permit('recipients.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
  ) {
    return this.viewRecipients.get(principal, id);
  }

  @Post(':id/reveal')
  @Permit('recipients.reveal')
  @HttpCode(200)
  @ApiZodBody(revealSchema)
  @NotReplayable('the response is plaintext personal data; a repeated reveal is audited again')
  reveal(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Body(new ZodPipe(revealSchema)) body: RevealInput,
    @Req() req: Request,
  ) {
    return this.revealPersonalData.execute(principal, id, body, req.ip ?? req.socket?.remoteAddress);
  }

  /** Name, phone, address (null removes phone or address); optimistic `version`. */
  @Patch(':id')
  @Permit('recipients.manage')
  @ApiZodBody(changeDetailsSchema)
  details(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Body(new ZodPipe(changeDetailsSchema)) body: ChangeDetailsInput,
  ) {
    return this.changeDetails.execute(principal, id, body);
  }

  @Post(':id/status')
  @Permit('recipients.manage')
  @HttpCode(200)
  @ApiZodBody(changeStatusSchema)
  status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Body(new ZodPipe(changeStatusSchema)) body: ChangeStatusInput,
  ) {
    return this.changeStatus.execute(principal, id, body);
  }

  @Post(':id/assignment')
  @Permit('recipients.manage')
  @HttpCode(200)
  @ApiZodBody(assignWorkerSchema)
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Body(new ZodPipe(assignWorkerSchema)) body: AssignWorkerInput,
  ) {
    return this.assignWorker.execute(principal, id, body);
  }

  @Post(':id/categories')
  @Permit('recipients.manage')
  @HttpCode(201)
  @ApiZodBody(categoryInputSchema)
  addCategory(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Body(new ZodPipe(categoryInputSchema)) body: CategoryInput,
  ) {
    return this.manageCategories.add(principal, id, body);
  }

  @Post(':id/categories/:categoryId/end')
  @Permit('recipients.manage')
  @HttpCode(200)
  @ApiZodBody(endCategorySchema)
  endCategory(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(recipientIdSchema, 'params')) id: string,
    @Param('categoryId', new ZodPipe(recipientIdSchema, 'params')) categoryId: string,
    @Body(new ZodPipe(endCategorySchema)) body: EndCategoryInput,
  ) {
    return this.manageCategories.end(principal, id, categoryId, body);
  }
}
