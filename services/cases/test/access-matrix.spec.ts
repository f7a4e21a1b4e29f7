import { buildOpenApiDocument } from '@wushe/platform';
import {
  describeBadInput,
  describeMatrix,
  MatrixRecord,
  OpenApiDocument,
  runAccessMatrix,
  runBadInputPass,
  matrixFailures,
  summarizeBadInput,
} from '@wushe/testing';
import { buildCaseWorld, CaseWorld } from './support/case-world';
import { useCasesApp } from './support/cases-spec';

// The generated access matrix and bad-input pass over every route of the cases API (see
// libs/testing's access-matrix): expectations come from each route's x-roles and the region codes,
// not from this file. What this file gives is the world the routes are called against.

const TOWN = '441427100';
const SIBLING = '441427101';
const t = useCasesApp();

function recordsOf(w: CaseWorld): Record<string, MatrixRecord> {
  const inVillage = (id: string) => ({ id, region: w.village });
  return {
    recipients: inVillage(w.recipient.id),
    recipientId: inVillage(w.recipient.id),
    visits: inVillage(w.visit.id),
    households: inVillage(w.family),
    assessments: inVillage(w.assessment.id),
    plans: inVillage(w.plan.id),
    referrals: inVillage(w.referral.id),
    categoryId: inVillage(w.category.id),
    programmes: { id: w.programme.id, region: TOWN },
    enrolments: inVillage(w.enrolment.id),
    enrolmentId: inVillage(w.enrolment.id),
    'roster-imports': { id: w.rosterImport, region: TOWN },
  };
}

describe('cases: the generated access matrix', () => {
  let world: CaseWorld;
  let document: OpenApiDocument;
  beforeAll(async () => {
    world = await buildCaseWorld(t, TOWN);
    document = buildOpenApiDocument(t.app, 'cases', '') as unknown as OpenApiDocument;
  });

  it('answers every role in every region as the permission table and the scopes say: no leaks, no 5xx', async () => {
    const report = await runAccessMatrix({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      village: world.village,
      otherVillage: world.village.endsWith('299') ? `${TOWN}298` : `${TOWN}299`,
      siblingTownship: SIBLING,
      records: recordsOf(world),
    });
    console.log(describeMatrix('cases', report));
    expect(report.requests).toBeGreaterThan(report.routes * 10);
    expect(report.withoutFixture).toEqual([]);
    expect(matrixFailures(report)).toEqual({ leaks: [], serverErrors: [] });
  }, 600_000);

  it('answers the bad-input corpus on every route without a 5xx', async () => {
    const report = await runBadInputPass({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      province: TOWN.slice(0, 2),
      records: recordsOf(world),
    });
    console.log(describeBadInput('cases', report));
    expect(report.requests).toBeGreaterThan(report.routes * 10);
    expect(summarizeBadInput(report.serverErrors)).toEqual([]);
  }, 600_000);
});
