import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@wushe/platform';
import { PERMISSIONS } from './permissions';

describe('permission matrix', () => {
  it('is documented in the service README exactly as enforced (node tools/permissions-table.js)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = /<!-- permission-matrix:start -->\s*\n([\s\S]*?)\n\s*<!-- permission-matrix:end -->/.exec(
      readme,
    )?.[1];
    expect(table).toBeDefined();
    const rows = (table ?? '').split('\n').slice(2);
    const documented = Object.fromEntries(
      rows.map((row) => {
        const cells = row
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim());
        const permission = cells[0].replace(/`/g, '');
        return [permission, ROLES.filter((_, i) => cells[i + 1] === '✓')];
      }),
    );
    const enforced = Object.fromEntries(
      Object.entries(PERMISSIONS).map(([p, roles]) => [
        p,
        ROLES.filter((r) => (roles as readonly string[]).includes(r)),
      ]),
    );
    expect(documented).toEqual(enforced);
  });

  it('never lets an auditor write', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if (/\.(manage|rotate)$/.test(permission)) expect(roles).not.toContain('auditor');
    }
  });
});
