import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiZodQuery, CurrentPrincipal, NotReplayable, Principal, ZodPipe } from '@wushe/platform';
import type { Request, Response } from 'express';
import { RetryRosterImport } from './retry-import/retry-roster-import.use-case';
import { UploadRoster } from './upload-roster/upload-roster.use-case';
import { CsvReport, ViewRosterImports } from './view-imports/view-roster-imports.use-case';
import {
  ListRosterImportsQuery,
  listRosterImportsQuerySchema,
  ROSTER_CONTENT_TYPES,
  rosterImportIdSchema,
  UploadRosterQuery,
  uploadRosterQuerySchema,
} from './roster-import.schemas';
import { Permit } from '../access/permissions';

@ApiTags('roster-imports')
@ApiBearerAuth()
@Controller('roster-imports')
export class RosterImportController {
  constructor(
    private readonly uploadRoster: UploadRoster,
    private readonly viewImports: ViewRosterImports,
    private readonly retryImport: RetryRosterImport,
  ) {}

  /**
   * The body is the file itself (text/csv or the XLSX type, at most 200 MB), read here after the
   * caller was authenticated and authorised, never by a body parser in front of the guard.
   * 202 with the new import, or 200 with the import this file already made.
   */
  @Post()
  @Permit('roster-imports.manage')
  @HttpCode(202)
  @ApiZodQuery(uploadRosterQuerySchema)
  @ApiConsumes(...Object.keys(ROSTER_CONTENT_TYPES))
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @NotReplayable(
    'the file’s sha256 already makes the upload idempotent; the key’s hash cannot see a streamed body',
  )
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(uploadRosterQuerySchema, 'query')) query: UploadRosterQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const length = Number(req.headers['content-length']);
    const { view, created } = await this.uploadRoster.execute(principal, query, {
      contentType: req.headers['content-type'],
      contentLength: Number.isFinite(length) ? length : undefined,
      body: req,
    });
    res.status(created ? 202 : 200).setHeader('Location', view.links.self);
    return view;
  }

  @Get()
  @Permit('roster-imports.read')
  @ApiZodQuery(listRosterImportsQuerySchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(listRosterImportsQuerySchema, 'query')) query: ListRosterImportsQuery,
  ) {
    return this.viewImports.page(principal, query);
  }

  @Get(':id')
  @Permit('roster-imports.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(rosterImportIdSchema, 'params')) id: string,
  ) {
    return this.viewImports.get(principal, id);
  }

  @Get(':id/errors')
  @Permit('roster-imports.read')
  @ApiProduces('text/csv')
  async errors(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(rosterImportIdSchema, 'params')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return sendCsv(res, await this.viewImports.errorReport(principal, id));
  }

  /** Where the roster places people of the ledger in another village than the ledger does. */
  @Get(':id/village-differences')
  @Permit('roster-imports.read')
  @ApiProduces('text/csv')
  async villageDifferences(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(rosterImportIdSchema, 'params')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return sendCsv(res, await this.viewImports.villageDifferenceReport(principal, id));
  }

  /** A failed import (every attempt crashed) back in the queue; 409 for any other status. */
  @Post(':id/retry')
  @Permit('roster-imports.manage')
  @HttpCode(202)
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(rosterImportIdSchema, 'params')) id: string,
  ) {
    return this.retryImport.execute(principal, id);
  }
}

/** Sets the download headers; Nest sends the returned body (passthrough). */
function sendCsv(res: Response, report: CsvReport): string {
  res
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${report.filename}"`);
  return report.csv;
}
