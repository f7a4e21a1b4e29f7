import { ROLES, Principal } from '@wushe/platform';
import { checkGrant, ROLE_RULES } from './grant-rules';

const as = (...grants: Principal['grants']): Principal => ({ subject: 'granter', kind: 'user', grants });
const REGION_FOR: Record<number, string> = {
  2: '43',
  4: '4307',
  6: '430703',
  9: '430703100',
  12: '430703100001',
};

describe('grant rules', () => {
  const province = as({ role: 'province_admin', region: '43' });
  const county = as({ role: 'county_admin', region: '430703' });
  const worker = as({ role: 'station_worker', region: '430703100' });

  it('lets a province admin grant every region role at every level it suits, inside the province', () => {
    for (const role of ROLES.filter((r) => r !== 'organization_admin')) {
      for (const length of ROLE_RULES[role].lengths) {
        expect(checkGrant(province, { role, region: REGION_FOR[length] })).toBeNull();
      }
    }
  });

  it('refuses anything outside the granter’s regions (sibling and parent regions)', () => {
    expect(checkGrant(county, { role: 'station_worker', region: '430702100' })).toBe('GRANT_OUTSIDE_SCOPE');
    expect(checkGrant(county, { role: 'auditor', region: '4307' })).toBe('GRANT_OUTSIDE_SCOPE');
    expect(checkGrant(province, { role: 'county_admin', region: '440524' })).toBe('GRANT_OUTSIDE_SCOPE');
  });

  it('refuses roles above the granter’s own level, even inside its region', () => {
    // A service account may sit at county level, but ranks above a county admin.
    expect(checkGrant(county, { role: 'service_account', region: '430703' })).toBe('GRANT_ABOVE_OWN_LEVEL');
    const city = as({ role: 'city_admin', region: '4307' });
    expect(checkGrant(city, { role: 'service_account', region: '4307' })).toBeNull();
    // A province admin's province is outside a city admin's region: refused before level.
    expect(checkGrant(city, { role: 'province_admin', region: '43' })).toBe('GRANT_OUTSIDE_SCOPE');
  });

  it('lets a county admin grant county-and-below roles in its county', () => {
    expect(checkGrant(county, { role: 'county_admin', region: '430703' })).toBeNull();
    expect(checkGrant(county, { role: 'supervisor', region: '430703100' })).toBeNull();
    expect(checkGrant(county, { role: 'point_worker', region: '430703100001' })).toBeNull();
  });

  it('checks that the region level suits the role', () => {
    expect(checkGrant(province, { role: 'station_worker', region: '430703' })).toBe('ROLE_REGION_MISMATCH');
    expect(checkGrant(province, { role: 'county_admin', region: '430703100' })).toBe('ROLE_REGION_MISMATCH');
    expect(checkGrant(province, { role: 'province_admin', region: '4307' })).toBe('ROLE_REGION_MISMATCH');
  });

  it('does not let non-administrators grant at all', () => {
    expect(checkGrant(worker, { role: 'point_worker', region: '430703100001' })).toBe('NOT_A_GRANTER');
    expect(checkGrant(as({ role: 'auditor', region: '43' }), { role: 'auditor', region: '43' })).toBe(
      'NOT_A_GRANTER',
    );
  });

  it('uses the granter’s best role covering the target region', () => {
    const mixed = as({ role: 'county_admin', region: '430702' }, { role: 'city_admin', region: '4307' });
    expect(checkGrant(mixed, { role: 'city_admin', region: '4307' })).toBeNull();
    const elsewhere = as({ role: 'city_admin', region: '4401' }, { role: 'county_admin', region: '430703' });
    expect(checkGrant(elsewhere, { role: 'city_admin', region: '4307' })).toBe('GRANT_OUTSIDE_SCOPE');
  });

  it('lets county administrators and above appoint organization admins', () => {
    expect(checkGrant(county, { role: 'organization_admin', organization: 'org-1' })).toBeNull();
    expect(checkGrant(worker, { role: 'organization_admin', organization: 'org-1' })).toBe('NOT_A_GRANTER');
  });
});
