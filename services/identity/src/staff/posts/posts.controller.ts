import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../../access/permissions';
import {
  closePostSchema,
  emptyBodySchema,
  fillPostSchema,
  idParamSchema,
  ListPostsQuery,
  listPostsQuerySchema,
  OpenPostInput,
  openPostSchema,
} from '../staff.schemas';
import { EndPost } from './end-post.use-case';
import { FillPost } from './fill-post.use-case';
import { OpenPost } from './open-post.use-case';
import { PostQueries } from './post.queries';

/** Posts (岗位) of stations and points: opened, filled, vacated, closed. */
@ApiTags('posts')
@ApiBearerAuth()
@Controller('posts')
export class PostsController {
  constructor(
    private readonly openPost: OpenPost,
    private readonly fillPost: FillPost,
    private readonly endPost: EndPost,
    private readonly queries: PostQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('staff.manage')
  @ApiZodBody(openPostSchema)
  open(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(openPostSchema)) body: OpenPostInput) {
    return this.openPost.execute(principal, body);
  }

  @Get()
  @Permit('staff.read')
  @ApiZodQuery(listPostsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listPostsQuerySchema, 'query')) query: ListPostsQuery,
  ) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Permit('staff.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
  ) {
    return this.queries.get(principal, id);
  }

  @Post(':id/fill')
  @HttpCode(200)
  @Permit('staff.manage')
  @ApiZodBody(fillPostSchema)
  fill(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(fillPostSchema)) body: { staffId: string },
  ) {
    return this.fillPost.execute(principal, id, body.staffId);
  }

  @Post(':id/vacate')
  @HttpCode(200)
  @Permit('staff.manage')
  vacate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(emptyBodySchema)) _body: object,
  ) {
    return this.endPost.vacate(principal, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Permit('staff.manage')
  @ApiZodBody(closePostSchema)
  close(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(idParamSchema, 'params')) id: string,
    @Body(new ZodPipe(closePostSchema)) body: { closedOn?: string },
  ) {
    return this.endPost.close(principal, id, body.closedOn);
  }
}
