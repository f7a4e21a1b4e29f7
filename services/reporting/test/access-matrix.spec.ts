import { buildOpenApiDocument } from '@wushe/platform';
import {
  describeBadInput,
  describeMatrix,
  OpenApiDocument,
  runAccessMatrix,
  runBadInputPass,
  matrixFailures,
  summarizeBadInput,
} from '@wushe/testing';
import { useReportingApp } from './support/reporting-app';

// The generated access matrix and bad-input pass over every route of the reporting API (see
// libs/testing's access-matrix). Reporting's routes name regions, not records: the callers ask
// for the figures of 鼎城区's 武陵镇 from there, a sibling township, the county and its villages.

const t = useReportingApp();
let document: OpenApiDocument;

beforeAll(() => {
  document = buildOpenApiDocument(t.app, 'reporting', '') as unknown as OpenApiDocument;
});

describe('reporting: the generated access matrix', () => {
  it('answers every role in every region as the permission table and the scopes say: no leaks, no 5xx', async () => {
    const report = await runAccessMatrix({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      village: '430703100001',
      otherVillage: '430703100002',
      siblingTownship: '430703101',
      records: {},
    });
    console.log(describeMatrix('reporting', report));
    expect(report.routes).toBeGreaterThan(0);
    expect(matrixFailures(report)).toEqual({ leaks: [], serverErrors: [] });
  }, 600_000);

  it('answers the bad-input corpus on every route without a 5xx', async () => {
    const report = await runBadInputPass({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      province: '43',
      records: {},
    });
    console.log(describeBadInput('reporting', report));
    expect(summarizeBadInput(report.serverErrors)).toEqual([]);
  }, 600_000);
});
