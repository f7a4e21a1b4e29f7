import { staffLeftV1, staffRegisteredV1, stationClosedV1, stationOpenedV1 } from '@wushe/contracts';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';
import { useIdentityEvents } from './support/identity-events';

describe('local copies of identity’s stations and staff', () => {
  const t = useCasesApp();
  const publish = useIdentityEvents(t, '430703100');
  const stationId = uuidv7();
  const staffId = uuidv7();

  const until = async (sql: string, expected: unknown[]) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const { rows } = await t.db.query(sql);
      if (JSON.stringify(rows) === JSON.stringify(expected) || Date.now() > end) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('keeps the newest version of a station, whatever order its events arrive in', async () => {
    // The closing (version 2) arrives before the opening (version 1).
    await publish(stationClosedV1, {
      stationId,
      townshipCode: '430703100',
      openedOn: '2024-01-01',
      closedOn: '2026-01-01',
      version: 2,
      closedPointIds: [],
    });
    await publish(stationOpenedV1, {
      stationId,
      townshipCode: '430703100',
      openedOn: '2024-01-01',
      version: 1,
    });
    const rows = await until('SELECT township_code, open, version FROM station_copy', [
      { township_code: '430703100', open: false, version: 2 },
    ]);
    expect(rows).toEqual([{ township_code: '430703100', open: false, version: 2 }]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.db.query('SELECT open, version FROM station_copy')).rows).toEqual([
      { open: false, version: 2 },
    ]);
  });

  it('tracks staff and who has left, without any personal data', async () => {
    const base = {
      staffId,
      accountId: null,
      regionCode: '430703100',
      stationId,
      pointId: null,
      postType: 'transactional',
      level: null,
      joinedOn: '2024-02-01',
    };
    await publish(staffRegisteredV1, { ...base, version: 1 });
    await until('SELECT active FROM staff_copy', [{ active: true }]);
    await publish(staffLeftV1, { ...base, version: 2, leftOn: '2026-06-30', vacatedPostId: null });
    const rows = await until('SELECT region_code, post_type, active, version FROM staff_copy', [
      { region_code: '430703100', post_type: 'transactional', active: false, version: 2 },
    ]);
    expect(rows).toEqual([
      { region_code: '430703100', post_type: 'transactional', active: false, version: 2 },
    ]);
  });
});
