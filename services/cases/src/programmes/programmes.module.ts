import { Module } from '@nestjs/common';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { Programmes } from './programmes.use-case';

/** Programmes with monitoring (小鸡快跑): enrolled households, monthly check-ins, totals. */
@Module({
  controllers: [ProgrammesController],
  providers: [ProgrammesRepository, Programmes],
})
export class ProgrammesModule {}
