import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { expireRosterFiles } from '../src/roster-import/expire-files/expire-roster-files.job';
import { useCasesApp } from './support/cases-spec';
import { runJob, schedulesOf } from './support/jobs';
import { BASE, csvOf, nextMonth, people, rosterFixtures, TOWN_A } from './support/roster-fixtures';

// Roster files hold names and ID numbers: the daily cases.expire-roster-files job deletes those no
// import will use, run here by the worker through Redis.

const t = useCasesApp({ worker: true });
const { http } = t;
const { as, upload, settle } = rosterFixtures(t);

let runs = 0;
const expire = () =>
  runJob(t.worker, expireRosterFiles, { failedKeepDays: 14, abandonedAfterHours: 24 }, `test-${++runs}`);

const chunksOf = async (importId: string) =>
  (await t.db.query('SELECT count(*)::int AS n FROM roster_import_chunk WHERE import_id = $1', [importId]))
    .rows[0].n as number;

/** A failed import of `file` whose last change was `daysAgo` days ago, with its file's chunk. */
async function failedImport(file: Buffer, month: string, daysAgo: number): Promise<string> {
  const id = uuidv7();
  await t.db.query(
    `INSERT INTO roster_import (id, region_code, month, category, file_sha256, file_format, file_encoding,
                                file_bytes, status, attempts, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, 'dibao', $4, 'csv', 'utf-8', $5, 'failed', 3, 'uploader',
             now() - make_interval(days => $6), now() - make_interval(days => $6))`,
    [id, TOWN_A, month, createHash('sha256').update(file).digest('hex'), file.length, daysAgo],
  );
  await t.db.query(`INSERT INTO roster_import_chunk (import_id, seq, encrypted) VALUES ($1, 0, 'sealed')`, [
    id,
  ]);
  return id;
}

it('registers its daily schedule in the worker', async () => {
  expect(await schedulesOf(t.worker, expireRosterFiles)).toContainEqual({
    id: 'cases.expire-roster-files.daily',
    pattern: '30 3 * * *',
    tz: 'Asia/Shanghai',
  });
});

it('a failed import not retried within 14 days expires: file deleted, no retry, the same file imports anew', async () => {
  const file = csvOf(people(2));
  const month = nextMonth();
  const stale = await failedImport(file, month, 15);
  const recent = await failedImport(csvOf(people(2)), nextMonth(), 13);

  // Each spec file has its own schema, so these are the only imports and chunks there are.
  expect(await expire()).toEqual({ expiredImports: 1, expiredChunks: 1, abandonedChunks: 0 });
  const auth = await as();
  const view = async (id: string) =>
    (await http().get(`${BASE}/${id}`).set('Authorization', `Bearer ${auth}`)).body;
  expect(await view(stale)).toMatchObject({ status: 'expired' });
  expect(await chunksOf(stale)).toBe(0);
  expect(await view(recent)).toMatchObject({ status: 'failed' });
  expect(await chunksOf(recent)).toBe(1);

  const retry = await http().post(`${BASE}/${stale}/retry`).set('Authorization', `Bearer ${auth}`);
  expect(retry.status).toBe(409);
  expect(retry.body.code).toBe('CASES.ROSTER_FILE_EXPIRED');
  const listed = await http()
    .get(BASE)
    .query({ status: 'expired', month })
    .set('Authorization', `Bearer ${auth}`);
  expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([stale]);

  // The expired import no longer holds the file: the same upload is a new import, and it runs.
  const again = await upload(auth, file, { month, category: 'dibao' });
  expect(again.status).toBe(202);
  expect(again.body.id).not.toBe(stale);
  const { view: done } = await settle(auth, again.body.id);
  expect(done).toMatchObject({ status: 'completed', result: { registered: 2 } });
  const repeat = await upload(auth, file, { month, category: 'dibao' });
  expect(repeat.status).toBe(200);
  expect(repeat.body.id).toBe(again.body.id);

  // Nothing left to expire: a second run changes nothing.
  expect(await expire()).toEqual({ expiredImports: 0, expiredChunks: 0, abandonedChunks: 0 });
  expect(await view(recent)).toMatchObject({ status: 'failed' });
}, 60_000);

it('deletes the chunks of uploads that never became imports after a day, not those of uploads in flight', async () => {
  const abandoned = uuidv7({ msecs: Date.now() - 25 * 3600_000 });
  const inFlight = uuidv7({ msecs: Date.now() - 3600_000 });
  for (const id of [abandoned, inFlight]) {
    await t.db.query(
      `INSERT INTO roster_import_chunk (import_id, seq, encrypted) VALUES ($1, 0, 'a'), ($1, 1, 'b')`,
      [id],
    );
  }
  expect(await expire()).toEqual({ expiredImports: 0, expiredChunks: 0, abandonedChunks: 2 });
  expect(await chunksOf(abandoned)).toBe(0);
  expect(await chunksOf(inFlight)).toBe(2);
});
