import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { Notifications } from './notifications.service';
import { ReminderDueHandler } from './reminder-due.handler';
import { reminderConsumers } from './reminder.consumers';

/** Per-user in-app notifications, built from every service's reminder events. */
@Module({
  controllers: [NotificationsController],
  providers: [Notifications, ReminderDueHandler, ...reminderConsumers],
})
export class NotificationsModule {}
