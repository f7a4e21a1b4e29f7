import { Controller, Get, Module, Post } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { RegionScope } from '../scope/region-scope';
import { Public } from './auth.guard';
import { declaredRoutes } from './declared-routes';
import { definePermissions, loadForAction, permissionMatrix, SignedIn } from './permissions';
import type { Grant, Principal } from './principal';

const principal = (grants: Grant[]): Principal => ({ subject: 'u-1', kind: 'user', grants });

const access = definePermissions({
  'things.read': ['point_worker', 'county_admin', 'auditor'],
  'things.manage': ['point_worker'],
});

/** A row filed in region 430703100001, found only by scopes that cover it. */
const find = (scope: RegionScope) => Promise.resolve(scope.covers('430703100001') ? { id: 'r' } : null);

async function refusal(p: Promise<unknown>) {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { status, code } = error as DomainError;
  return { status, code };
}

describe('loadForAction: one error policy', () => {
  const load = (grants: Grant[]) =>
    access.loadForAction(
      principal(grants),
      { read: 'things.read', act: 'things.manage' },
      { resource: 'thing', id: 'r' },
      find,
    );

  it('returns the row to one who may act on it', async () => {
    await expect(load([{ role: 'point_worker', region: '430703100' }])).resolves.toEqual({ id: 'r' });
  });

  it('is 403 COMMON.FORBIDDEN to one who may read it but not act', async () => {
    expect(await refusal(load([{ role: 'county_admin', region: '430703' }]))).toEqual({
      status: 403,
      code: 'COMMON.FORBIDDEN',
    });
  });

  it('is 404 COMMON.NOT_FOUND outside the read scope: exists elsewhere answers like missing', async () => {
    const elsewhere = await refusal(load([{ role: 'point_worker', region: '430702' }]));
    const missing = await refusal(
      loadForAction(
        { read: RegionScope.system('t'), act: RegionScope.system('t') },
        { resource: 'thing', id: 'r' },
        () => Promise.resolve(null),
      ),
    );
    expect(elsewhere).toEqual({ status: 404, code: 'COMMON.NOT_FOUND' });
    expect(missing).toEqual(elsewhere);
  });

  it('scopeFor and holds follow the table', () => {
    const p = principal([
      { role: 'auditor', region: '4307' },
      { role: 'point_worker', region: '430602100001' },
    ]);
    expect(access.scopeFor(p, 'things.read').prefixes).toEqual(['430602100001', '4307']);
    expect(access.scopeFor(p, 'things.manage').prefixes).toEqual(['430602100001']);
    expect(access.holds(principal([{ role: 'auditor', region: '43' }]), 'things.manage')).toBe(false);
  });
});

describe('declaredRoutes', () => {
  @Controller('things')
  class ThingsController {
    @Get()
    @access.Permit('things.read')
    list() {
      return null;
    }

    @Post(':id/close')
    @access.Permit('things.manage')
    close() {
      return null;
    }

    @Get('mine')
    @SignedIn()
    mine() {
      return null;
    }

    @Get('forgotten')
    forgotten() {
      return null;
    }

    helper() {
      return null;
    }
  }

  @Public()
  @Controller()
  class OpenController {
    @Get('open')
    open() {
      return null;
    }
  }

  @Module({ controllers: [ThingsController] })
  class ThingsModule {}

  it('finds the routes of imported and dynamic modules with what each declares', () => {
    const root = {
      module: class Root {},
      imports: [ThingsModule, { module: class Dyn {}, controllers: [OpenController] }],
    };
    const routes = declaredRoutes(root).map((r) => [r.route, r.access]);
    expect(routes).toEqual([
      ['GET /things', { kind: 'permission', permission: 'things.read' }],
      ['POST /things/:id/close', { kind: 'permission', permission: 'things.manage' }],
      ['GET /things/mine', { kind: 'signed-in' }],
      ['GET /things/forgotten', { kind: 'undeclared' }],
      ['GET /open', { kind: 'public' }],
    ]);
  });
});

describe('permissionMatrix', () => {
  it('renders one row per permission and one column per role, aligned as prettier aligns', () => {
    const lines = permissionMatrix(access.table).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| permission {6}\| province_admin \| city_admin \|/);
    expect(lines[1]).toMatch(/^\| -{15} \| :-{12}: \|/);
    expect(lines[3]).toMatch(/^\| `things\.manage` \| {16}\|/);
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
  });
});
