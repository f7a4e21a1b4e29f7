import { Global, Module } from '@nestjs/common';
import { CasesDb } from './cases-db';

@Global()
@Module({ providers: [CasesDb], exports: [CasesDb] })
export class CasesDatabaseModule {}
