import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiZodQuery, CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import type { Request, Response } from 'express';
import { ExportLedger } from './export-ledger/export-ledger.use-case';
import { LedgerExportQuery, ledgerExportQuerySchema } from './ledger-export.schemas';
import { Permit } from '../access/permissions';

@ApiTags('recipients')
@ApiBearerAuth()
@Controller('recipients')
export class LedgerExportController {
  constructor(private readonly exportLedger: ExportLedger) {}

  /** Streamed: the response is written here, not serialised by Nest (hence @Res). */
  @Get('export')
  @Permit('ledger.export')
  @ApiZodQuery(ledgerExportQuerySchema)
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The masked ledger as a file (台账导出); recorded in export_log.' })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(ledgerExportQuerySchema, 'query')) query: LedgerExportQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const run = await this.exportLedger.start(principal, query, req.ip ?? req.socket?.remoteAddress);
    await run.streamTo(res);
  }
}
