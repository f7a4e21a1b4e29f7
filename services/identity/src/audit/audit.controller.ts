import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApiZodQuery,
  CurrentPrincipal,
  decodeCursor,
  isoDateTime,
  opaqueText,
  pageQuerySchema,
  Principal,
  toPage,
  ZodPipe,
} from '@wushe/platform';
import { z } from 'zod';
import { Permit, scopeFor } from '../access/permissions';
import { AuditEntriesQuery } from './audit-entries.query';

const auditQuerySchema = pageQuerySchema
  .extend({
    action: z
      .string()
      .regex(/^[a-z-]+(\.[a-z-]+)*$/)
      .optional(),
    actorId: z.uuid().optional(),
    targetId: opaqueText({ min: 0, max: 64 }).optional(),
    from: isoDateTime().optional(),
    to: isoDateTime().optional(),
  })
  .strict();
type AuditQuery = z.infer<typeof auditQuerySchema>;
const cursorSchema = z.object({ id: z.uuid() });

/**
 * Reading the audit log. Audit entries are not region data, so only holders of audit.read at
 * province level (the whole province's security record) may read it.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly entries: AuditEntriesQuery) {}

  @Get()
  @Permit('audit.read')
  @ApiZodQuery(auditQuerySchema)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(auditQuerySchema, 'query')) query: AuditQuery,
  ) {
    const scope = scopeFor(principal, 'audit.read');
    const provinceWide = scope.prefixes === 'all' || scope.prefixes.some((p) => p.length === 2);
    if (!provinceWide) return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor, cursorSchema);
    const rows = await this.entries.list({
      action: query.action,
      actorId: query.actorId,
      targetId: query.targetId,
      from: query.from,
      to: query.to,
      beforeId: after?.id,
      take: query.limit + 1,
    });
    const items = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    return toPage(items, query.limit, (r) => ({ id: r.id }));
  }
}
