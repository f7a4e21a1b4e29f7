import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { programmeCheckedInV1, programmeCreatedV1, programmeEnrolledV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../database/cases-db';
import { Prisma } from '../generated/prisma';
import type { Programme, ProgrammeEnrolment } from '../generated/prisma';
import { ProgrammeErrors } from './programmes.errors';
import { isoDate, presentCheckIn, presentEnrolment, presentProgramme } from './programmes.presenter';
import { CHILD_LENGTH, ProgrammesRepository } from './programmes.repository';
import type {
  CheckInInput,
  CreateProgrammeInput,
  EnrolInput,
  LeaveInput,
  ListProgrammesQuery,
  Measure,
  TotalsQuery,
} from './programmes.schemas';
import { loadForAction, scopeFor } from '../access/permissions';

/** Enrolling, leaving and checking in: readable by programme readers, done by those who may enrol. */
const TO_ENROL = { read: 'programmes.read', act: 'enrolments.manage' } as const;

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

/** Programmes with monitoring (小鸡快跑): set-up, household enrolment, monthly check-ins, totals. */
@Injectable()
export class Programmes {
  constructor(
    private readonly db: CasesDb,
    private readonly repo: ProgrammesRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(principal: Principal, input: CreateProgrammeInput) {
    const scope = scopeFor(principal, 'programmes.create');
    scope.assertCovers(input.regionCode);
    const id = uuidv7();
    try {
      const programme = await this.db.$transaction(async (tx) => {
        // Codes are unique across every region, so the check looks beyond the caller's.
        const codes = RegionScope.system('programme codes are unique');
        if (
          await tx.scoped.programme.findUnique(codes, { where: { code: input.code }, select: { id: true } })
        ) {
          throw ProgrammeErrors.PROGRAMME_CODE_TAKEN({ code: input.code });
        }
        const created = await tx.scoped.programme.create(scope, {
          data: {
            id,
            code: input.code,
            name: input.name,
            regionCode: input.regionCode,
            startsOn: toDate(input.startsOn),
            endsOn: input.endsOn ? toDate(input.endsOn) : null,
            measures: input.measures,
            createdBy: principal.subject,
          },
        });
        await this.outbox.publish(
          tx,
          programmeCreatedV1,
          {
            programmeId: id,
            code: input.code,
            regionCode: input.regionCode,
            startsOn: input.startsOn,
            endsOn: input.endsOn ?? null,
            measures: input.measures.map(({ key, unit, aggregate }) => ({ key, unit, aggregate })),
          },
          { subject: id, regionCode: input.regionCode },
        );
        return created;
      });
      return presentProgramme(programme);
    } catch (e) {
      if (isUniqueViolation(e)) throw ProgrammeErrors.PROGRAMME_CODE_TAKEN({ code: input.code });
      throw e;
    }
  }

  async list(principal: Principal, query: ListProgrammesQuery) {
    const scope = scopeFor(principal, 'programmes.read').includingAncestors();
    const rows = await this.repo.listProgrammes(scope, query.region);
    return { items: rows.map(presentProgramme) };
  }

  async get(principal: Principal, id: string) {
    return presentProgramme(await this.readableProgramme(principal, id));
  }

  async enrol(principal: Principal, programmeId: string, input: EnrolInput) {
    const programme = await this.readableProgramme(principal, programmeId);
    const household = await loadForAction(
      principal,
      TO_ENROL,
      { resource: 'household', id: input.householdId },
      (s) => this.repo.findHousehold(s, input.householdId),
    );
    if (!household.villageCode.startsWith(programme.regionCode)) {
      throw ProgrammeErrors.HOUSEHOLD_OUTSIDE_PROGRAMME({
        villageCode: household.villageCode,
        regionCode: programme.regionCode,
      });
    }
    const endsOn = programme.endsOn ? isoDate(programme.endsOn) : null;
    if (input.enrolledOn < isoDate(programme.startsOn) || (endsOn && input.enrolledOn > endsOn)) {
      throw ProgrammeErrors.ENROLMENT_DATE_OUT_OF_RANGE({ startsOn: isoDate(programme.startsOn), endsOn });
    }
    const id = uuidv7();
    const scope = scopeFor(principal, 'enrolments.manage');
    try {
      const enrolment = await this.db.$transaction(async (tx) => {
        const existing = await tx.scoped.programmeEnrolment.findFirst(scope, {
          where: { programmeId, householdId: household.id },
          select: { id: true },
        });
        if (existing) throw ProgrammeErrors.ALREADY_ENROLLED({ enrolmentId: existing.id });
        const created = await tx.scoped.programmeEnrolment.create(scope, {
          data: {
            id,
            programmeId,
            householdId: household.id,
            villageCode: household.villageCode,
            enrolledOn: toDate(input.enrolledOn),
            enrolledBy: principal.subject,
          },
        });
        await this.outbox.publish(
          tx,
          programmeEnrolledV1,
          {
            programmeId,
            enrolmentId: id,
            householdId: household.id,
            villageCode: household.villageCode,
            enrolledOn: input.enrolledOn,
          },
          { subject: programmeId, regionCode: household.villageCode },
        );
        return created;
      });
      return presentEnrolment(enrolment);
    } catch (e) {
      if (isUniqueViolation(e)) throw ProgrammeErrors.ALREADY_ENROLLED({});
      throw e;
    }
  }

  async leave(
    principal: Principal,
    programmeId: string,
    enrolmentId: string,
    input: LeaveInput,
    now = new Date(),
  ) {
    const enrolment = await this.loadEnrolment(principal, enrolmentId);
    if (enrolment.programmeId !== programmeId) {
      throw CommonErrors.NOT_FOUND({ resource: 'enrolment', id: enrolmentId });
    }
    const leftOn = input.leftOn ?? chinaCalendarDate(now);
    if (leftOn < isoDate(enrolment.enrolledOn)) {
      throw ProgrammeErrors.ENROLMENT_DATE_OUT_OF_RANGE({ enrolledOn: isoDate(enrolment.enrolledOn) });
    }
    const scope = scopeFor(principal, 'enrolments.manage');
    const left = await this.db.$transaction(async (tx) => {
      const { count } = await tx.scoped.programmeEnrolment.updateMany(scope, {
        where: { id: enrolmentId, status: 'active' },
        data: { status: 'left', leftOn: toDate(leftOn) },
      });
      if (count !== 1) throw ProgrammeErrors.ENROLMENT_NOT_ACTIVE();
      return tx.scoped.programmeEnrolment.findUniqueOrThrow(scope, { where: { id: enrolmentId } });
    });
    return presentEnrolment(left);
  }

  /**
   * One check-in per enrolment and month. The month must lie within the programme's dates, not
   * before the enrolment's month, not after the month the household left, and not in the future
   * (China calendar). Every key must be one of the programme's measures.
   */
  async checkIn(principal: Principal, enrolmentId: string, input: CheckInInput, now = new Date()) {
    const enrolment = await this.loadEnrolment(principal, enrolmentId);
    const scope = scopeFor(principal, 'enrolments.manage');
    // The programme runs at the enrolment's village or one of its ancestors.
    const programme = await this.db.scoped.programme.findUniqueOrThrow(scope.includingAncestors(), {
      where: { id: enrolment.programmeId },
    });
    const keys = (programme.measures as Measure[]).map((m) => m.key);
    const unknown = Object.keys(input.values).filter((k) => !keys.includes(k));
    if (unknown.length) throw ProgrammeErrors.UNKNOWN_MEASURE({ unknown, measures: keys });
    const month = (d: Date) => isoDate(d).slice(0, 7);
    const earliest = [month(programme.startsOn), month(enrolment.enrolledOn)].sort().at(-1) as string;
    const latest = [
      chinaCalendarDate(now).slice(0, 7),
      ...(programme.endsOn ? [month(programme.endsOn)] : []),
      ...(enrolment.leftOn ? [month(enrolment.leftOn)] : []),
    ].sort()[0];
    if (input.month < earliest || input.month > latest) {
      throw ProgrammeErrors.MONTH_OUT_OF_RANGE({ month: input.month, earliest, latest });
    }
    const id = uuidv7();
    try {
      const checkIn = await this.db.$transaction(async (tx) => {
        const existing = await tx.scoped.programmeCheckIn.findFirst(scope, {
          where: { enrolmentId, month: input.month },
          select: { id: true },
        });
        if (existing) throw ProgrammeErrors.CHECK_IN_EXISTS({ checkInId: existing.id });
        const created = await tx.scoped.programmeCheckIn.create(scope, {
          data: {
            id,
            enrolmentId,
            programmeId: programme.id,
            householdId: enrolment.householdId,
            villageCode: enrolment.villageCode,
            month: input.month,
            values: input.values,
            recordedBy: principal.subject,
          },
        });
        await this.outbox.publish(
          tx,
          programmeCheckedInV1,
          {
            programmeId: programme.id,
            enrolmentId,
            householdId: enrolment.householdId,
            villageCode: enrolment.villageCode,
            month: input.month,
            values: input.values,
          },
          { subject: programme.id, regionCode: enrolment.villageCode },
        );
        return created;
      });
      return presentCheckIn(checkIn);
    } catch (e) {
      if (isUniqueViolation(e)) throw ProgrammeErrors.CHECK_IN_EXISTS({});
      throw e;
    }
  }

  /**
   * Totals per measure (sum measures: the sum of all check-ins in the months; latest measures: the
   * sum of each enrolment's latest value in the months), households enrolled and active, check-ins,
   * and the same per child region of `region`. Confined to the caller's reader scope in SQL.
   */
  async totals(principal: Principal, programmeId: string, query: TotalsQuery) {
    const programme = await this.readableProgramme(principal, programmeId);
    const region = query.region ?? programme.regionCode;
    const scope = scopeFor(principal, 'programmes.read');
    const from = query.from ?? null;
    const to = query.to ?? null;
    const [measureRows, countRows] = await Promise.all([
      this.repo.measureTotals(scope, programmeId, region, from, to),
      this.repo.countTotals(scope, programmeId, region, from, to),
    ]);
    const measures = programme.measures as Measure[];
    const codes = [...new Set([...countRows.map((r) => r.code), ...measureRows.map((r) => r.code)])].sort();
    const valuesOf = (code: string | null) =>
      Object.fromEntries(
        measures.map((m) => [
          m.key,
          measureRows
            .filter((r) => r.key === m.key && (code === null || r.code === code))
            .reduce((acc, r) => acc + Number(m.aggregate === 'sum' ? r.sum : r.latest), 0),
        ]),
      );
    const countsOf = (code: string | null) => {
      const rows = countRows.filter((r) => code === null || r.code === code);
      const add = (k: 'enrolled' | 'active' | 'checkIns') => rows.reduce((acc, r) => acc + r[k], 0);
      return {
        householdsEnrolled: add('enrolled'),
        householdsActive: add('active'),
        checkIns: add('checkIns'),
      };
    };
    return {
      programmeId,
      region,
      childLevelLength: CHILD_LENGTH[region.length],
      from,
      to,
      measures: measures.map(({ key, label, unit, aggregate }) => ({ key, label, unit, aggregate })),
      totals: { ...countsOf(null), values: valuesOf(null) },
      breakdown: codes.map((code) => ({ code, ...countsOf(code), values: valuesOf(code) })),
    };
  }

  /** A programme of the caller's reader scope, or of an ancestor region of theirs; else NOT_FOUND. */
  private async readableProgramme(principal: Principal, id: string): Promise<Programme> {
    const scope = scopeFor(principal, 'programmes.read').includingAncestors();
    const programme = await this.repo.findProgramme(scope, id);
    if (!programme) throw CommonErrors.NOT_FOUND({ resource: 'programme', id });
    return programme;
  }

  private loadEnrolment(principal: Principal, id: string): Promise<ProgrammeEnrolment> {
    return loadForAction(principal, TO_ENROL, { resource: 'enrolment', id }, (s) =>
      this.repo.findEnrolment(s, id),
    );
  }
}
