import { Module } from '@nestjs/common';
import { IdentityCopiesConsumer } from './identity-copies.consumer';
import { StaffCopyHandlers } from './staff-copy.handlers';
import { StationCopyHandlers } from './station-copy.handlers';

@Module({ providers: [StationCopyHandlers, StaffCopyHandlers, IdentityCopiesConsumer] })
export class IdentityCopiesModule {}
