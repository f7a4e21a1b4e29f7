import { Injectable } from '@nestjs/common';
import { ageOn, chinaCalendarDate } from '@wushe/cn-standards';
import { referralSuggestedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb, CasesTx } from '../database/cases-db';
import type { AssistancePolicy, Referral } from '../generated/prisma';
import { isCurrent } from '../recipients';
import type { RecipientWithCategories } from '../recipients';
import { PolicyErrors } from './policy.errors';
import { OPEN_STATUSES, PolicyRepository } from './policy.repository';
import type { MatchPoliciesInput } from './policy.schemas';
import { evaluate, Facts, MissingFact, parseRules, SEXES, Verdict } from './rule-engine';
import { scopeFor } from '../access/permissions';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export interface PolicyMatchResult {
  recipientId: string;
  evaluatedOn: string;
  facts: Facts;
  matches: {
    policyCode: string;
    name: string;
    department: string;
    reasons: string[];
    /** The open referral for this policy; `created` when this evaluation suggested it. */
    referral: { id: string; status: string; version: number; created: boolean } | null;
  }[];
  undetermined: { policyCode: string; name: string; missing: MissingFact[] }[];
  notMatched: string[];
  /** False when the caller may read but not write here: matches are shown, nothing is suggested. */
  suggestionsRecorded: boolean;
}

/** Facts the ledger does not hold, supplied by the caller or an assessment. */
export type SuppliedFacts = Pick<
  MatchPoliciesInput,
  'householdIncomePerHeadFen' | 'localLineFen' | 'disabilityGrade'
>;

/** What an in-transaction evaluation (a visit, an approval) found for one recipient. */
export type PolicySuggestions = Pick<PolicyMatchResult, 'recipientId' | 'matches' | 'undetermined'>;

type Evaluated = { policy: AssistancePolicy; verdict: Verdict };
type Recorded = { open: Referral[]; created: Set<string> };

function evaluateAll(policies: AssistancePolicy[], facts: Facts): Evaluated[] {
  return policies.map((policy) => ({ policy, verdict: evaluate(parseRules(policy.rules), facts) }));
}

/** Matches with their open referral (if any), and the policies that need more facts. */
function shape(verdicts: Evaluated[], { open, created }: Recorded) {
  const openNow = open.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status));
  return {
    matches: verdicts
      .filter((v) => v.verdict.outcome === true)
      .map(({ policy, verdict }) => {
        const referral = openNow.find((r) => r.policyCode === policy.code);
        return {
          policyCode: policy.code,
          name: policy.name,
          department: policy.department,
          reasons: verdict.reasons,
          referral: referral
            ? {
                id: referral.id,
                status: referral.status,
                version: referral.version,
                created: created.has(referral.id),
              }
            : null,
        };
      }),
    undetermined: verdicts
      .filter((v) => v.verdict.outcome === null)
      .map(({ policy, verdict }) => ({
        policyCode: policy.code,
        name: policy.name,
        missing: verdict.missing,
      })),
  };
}

/** 政策找人: evaluates the catalogue for one recipient and suggests referrals for new matches. */
@Injectable()
export class MatchPolicies {
  constructor(
    private readonly db: CasesDb,
    private readonly repository: PolicyRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(
    principal: Principal,
    recipientId: string,
    input: MatchPoliciesInput,
  ): Promise<PolicyMatchResult> {
    const readScope = scopeFor(principal, 'referrals.read');
    const recipient = await this.repository.recipient(readScope, recipientId);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipientId });
    const policies = this.select(await this.repository.policies(true), input.policyCodes);

    const today = chinaCalendarDate(new Date());
    const facts = factsOf(recipient, today, input);
    const verdicts = evaluateAll(policies, facts);

    const writeScope = scopeFor(principal, 'referrals.manage');
    const canWrite = writeScope.covers(recipient.villageCode);
    const recorded = canWrite
      ? await this.db.$transaction((tx) =>
          this.record(tx, writeScope, principal.subject, recipient, verdicts, today),
        )
      : { open: await this.repository.referralsOf(readScope, recipientId), created: new Set<string>() };

    return {
      recipientId,
      evaluatedOn: today,
      facts,
      ...shape(verdicts, recorded),
      notMatched: verdicts.filter((v) => v.verdict.outcome === false).map((v) => v.policy.code),
      suggestionsRecorded: canWrite,
    };
  }

  /**
   * 政策找人 inside the caller's transaction, for recipients it already holds in write scope (a
   * visit's people, an approved assessment's recipient): every active policy is evaluated and new
   * matches are recorded as suggested referrals with their events, atomically with the caller.
   */
  async suggestWithin(
    tx: CasesTx,
    writeScope: RegionScope,
    actor: string,
    subjects: ReadonlyArray<{ recipient: RecipientWithCategories; facts?: SuppliedFacts }>,
  ): Promise<PolicySuggestions[]> {
    if (!subjects.length) return [];
    const policies = await tx.assistancePolicy.findMany({
      where: { active: true },
      orderBy: { code: 'asc' },
    });
    const today = chinaCalendarDate(new Date());
    const results: PolicySuggestions[] = [];
    for (const { recipient, facts } of subjects) {
      if (!writeScope.covers(recipient.villageCode)) throw CommonErrors.FORBIDDEN();
      const verdicts = evaluateAll(policies, factsOf(recipient, today, facts ?? {}));
      const recorded = await this.record(tx, writeScope, actor, recipient, verdicts, today);
      results.push({ recipientId: recipient.id, ...shape(verdicts, recorded) });
    }
    return results;
  }

  /** Inserts suggestions for new matches (an open referral for the policy is left alone). */
  private async record(
    tx: CasesTx,
    writeScope: RegionScope,
    actor: string,
    recipient: RecipientWithCategories,
    verdicts: Evaluated[],
    today: string,
  ): Promise<Recorded> {
    const created = new Set<string>();
    const inserted = await this.repository.createSuggestions(
      tx,
      writeScope,
      verdicts
        .filter((v) => v.verdict.outcome === true)
        .map(({ policy, verdict }) => ({
          id: uuidv7(),
          recipientId: recipient.id,
          villageCode: recipient.villageCode,
          policyCode: policy.code,
          status: 'suggested',
          reasonsEncrypted: this.cipher.encrypt(JSON.stringify(verdict.reasons)),
          createdBy: actor,
        })),
    );
    for (const referral of inserted) {
      created.add(referral.id);
      await this.outbox.publish(
        tx,
        referralSuggestedV1,
        {
          referralId: referral.id,
          recipientId: recipient.id,
          policyCode: referral.policyCode,
          villageCode: referral.villageCode,
          status: 'suggested',
          suggestedOn: today,
          version: referral.version,
        },
        { subject: referral.id, regionCode: referral.villageCode },
      );
    }
    return { open: await this.repository.referralsIn(tx, writeScope, recipient.id), created };
  }

  /** Every active policy, or the requested ones; an unknown or inactive code is UNKNOWN_POLICY. */
  private select(active: AssistancePolicy[], codes: string[] | undefined): AssistancePolicy[] {
    if (!codes) return active;
    const unknown = [...new Set(codes)].filter((code) => !active.some((p) => p.code === code));
    if (unknown.length) throw PolicyErrors.UNKNOWN_POLICY({ policyCodes: unknown });
    return active.filter((p) => codes.includes(p.code));
  }
}

/** The person's facts on `today`: current categories, age, sex, and what the caller supplied. */
export function factsOf(recipient: RecipientWithCategories, today: string, input: SuppliedFacts): Facts {
  const categories = recipient.categories
    .filter((c) => isoDate(c.validFrom) <= today && isCurrent(c.validTo, today))
    .map((c) => c.category);
  const sex = SEXES.find((s) => s === recipient.sex) ?? 'male';
  return {
    categories: [...new Set(categories)].sort(),
    age: ageOn(isoDate(recipient.birthDate), today),
    sex,
    ...(input.disabilityGrade !== undefined ? { disabilityGrade: input.disabilityGrade } : {}),
    ...(input.householdIncomePerHeadFen !== undefined
      ? { incomePerHeadFen: input.householdIncomePerHeadFen }
      : {}),
    ...(input.localLineFen !== undefined ? { localLineFen: input.localLineFen } : {}),
  };
}
