import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApiZodQuery,
  CurrentPrincipal,
  pageQuerySchema,
  Principal,
  SignedIn,
  ZodPipe,
} from '@wushe/platform';
import { z } from 'zod';
import { Notifications } from './notifications.service';

const listQuerySchema = pageQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() }).strict();

/** The caller's own notifications: nobody reads another person's inbox. */
@ApiTags('notifications')
@ApiBearerAuth()
// Everyone reads and marks her own notifications, whatever her roles.
@SignedIn()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: Notifications) {}

  @Get()
  @ApiZodQuery(listQuerySchema)
  list(
    @CurrentPrincipal() me: Principal,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: z.infer<typeof listQuerySchema>,
  ) {
    return this.notifications.page(me.subject, query.unread === 'true', query.cursor, query.limit);
  }

  @Get('unread-count')
  async unreadCount(@CurrentPrincipal() me: Principal) {
    return { unread: await this.notifications.unreadCount(me.subject) };
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentPrincipal() me: Principal) {
    return { marked: await this.notifications.markAllRead(me.subject) };
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentPrincipal() me: Principal, @Param('id', new ZodPipe(z.uuid(), 'params')) id: string) {
    return this.notifications.markRead(me.subject, id);
  }
}
