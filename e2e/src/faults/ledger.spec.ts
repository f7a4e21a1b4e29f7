import { account } from './ledger';
import { emptyTally } from './load';
import { failures, FaultRow, renderTable } from './report';

// The fault suite's verdict is only as good as its arithmetic: these pin it down without booting
// anything (the suite itself runs as `npm run test:faults`).

const e = (eventId: string, visitId: string) => ({ eventId, visitId });

describe('fault suite accounting', () => {
  it('counts an accepted write with one event the projection applied as neither lost nor duplicated', () => {
    expect(
      account({
        accepted: ['v1', 'v2'],
        stream: [e('e1', 'v1'), e('e2', 'v2')],
        projected: new Set(['e1', 'e2', 'other-fault']),
        tallied: 2,
      }),
    ).toEqual({ accepted: 2, events: 2, duplicates: 0, lost: 0, unconfirmed: 0 });
  });

  it('counts a write with no event, or whose event was never projected, as lost', () => {
    const result = account({
      accepted: ['v1', 'v2', 'v3'],
      stream: [e('e1', 'v1'), e('e2', 'v2')],
      projected: new Set(['e1']),
      tallied: 1,
    });
    expect(result.lost).toBe(2);
  });

  it('counts a second message for a visit, and a projection applied twice, as duplicates', () => {
    const republished = account({
      accepted: ['v1'],
      stream: [e('e1', 'v1'), e('e1', 'v1'), e('e9', 'v1')],
      projected: new Set(['e1', 'e9']),
      tallied: 2,
    });
    expect(republished.duplicates).toBe(2);
    const appliedTwice = account({
      accepted: ['v1'],
      stream: [e('e1', 'v1')],
      projected: new Set(['e1']),
      tallied: 2,
    });
    expect(appliedTwice.duplicates).toBe(1);
  });

  it('reports events of writes whose answer was lost, without calling them lost or duplicated', () => {
    expect(
      account({
        accepted: ['v1'],
        stream: [e('e1', 'v1'), e('e2', 'v2')],
        projected: new Set(['e1', 'e2']),
        tallied: 2,
      }),
    ).toEqual({ accepted: 1, events: 2, duplicates: 0, lost: 0, unconfirmed: 1 });
  });
});

describe('fault suite verdict', () => {
  const row = (over: Partial<FaultRow> = {}): FaultRow => ({
    fault: 'x',
    accounting: { accepted: 10, events: 10, duplicates: 0, lost: 0, unconfirmed: 0 },
    tally: { ...emptyTally(), unavailable: 4 },
    recoveryMs: 1500,
    badProcesses: [],
    notes: [],
    ...over,
  });

  it('passes a row with 503s during the outage and nothing else wrong', () => {
    expect(failures(row())).toEqual([]);
  });

  it('fails on a 500, a reset, a hang, a dead process, missing schedulers or no recovery', () => {
    expect(failures(row({ tally: { ...emptyTally(), serverErrors: 1 } }))).toHaveLength(1);
    expect(failures(row({ tally: { ...emptyTally(), resets: 1 } }))).toHaveLength(1);
    expect(failures(row({ tally: { ...emptyTally(), hangs: 1 } }))).toHaveLength(1);
    expect(failures(row({ badProcesses: ['cases-api-1 exited 1'] }))).toHaveLength(1);
    expect(failures(row({ schedulers: { found: 0, expected: 3 } }))).toHaveLength(1);
    expect(failures(row({ recoveryMs: undefined }))).toHaveLength(1);
  });

  it('prints one line per fault with its counts and the reasons it failed', () => {
    const table = renderTable([
      row({ fault: 'NATS down' }),
      row({ fault: 'Redis empty', schedulers: { found: 1, expected: 3 } }),
    ]);
    expect(table).toMatch(/^fault\s+accepted\s+events\s+dup\s+lost\s+503\s+5xx\s+resets/);
    expect(table).toMatch(/NATS down\s+10\s+10\s+0\s+0\s+4\s+0\s+0\s+0\s+1\.5 s\s+ok\s+-\s+ok/);
    expect(table).toContain('Redis empty: schedulers 1/3');
  });
});
