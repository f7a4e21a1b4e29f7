import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEntriesQuery } from './audit-entries.query';

@Module({ controllers: [AuditController], providers: [AuditEntriesQuery] })
export class AuditReadModule {}
