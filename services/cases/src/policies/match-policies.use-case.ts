import { Injectable } from '@nestjs/common';
import { ageOn, chinaCalendarDate } from '@wushe/cn-standards';
import { referralSuggestedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../database/cases-db';
import type { AssistancePolicy, Referral } from '../generated/prisma';
import { isCurrent } from '../recipients/category-rules';
import type { RecipientWithCategories } from '../recipients/recipient.repository';
import { PolicyErrors } from './policy.errors';
import { OPEN_STATUSES, PolicyRepository } from './policy.repository';
import { REFERRAL_READERS, REFERRAL_WRITERS } from './policy-roles';
import type { MatchPoliciesInput } from './policy.schemas';
import { evaluate, Facts, MissingFact, parseRules, SEXES } from './rule-engine';

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

/** 政策找人: evaluates the catalogue for one recipient and suggests referrals for new matches. */
@Injectable()
export class MatchPolicies {
  constructor(
    private readonly db: CasesDb,
    private readonly repository: PolicyRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    principal: Principal,
    recipientId: string,
    input: MatchPoliciesInput,
  ): Promise<PolicyMatchResult> {
    const readScope = RegionScope.of(principal, REFERRAL_READERS);
    const recipient = await this.repository.recipient(readScope, recipientId);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipientId });
    const policies = this.select(await this.repository.policies(true), input.policyCodes);

    const now = new Date();
    const today = chinaCalendarDate(now);
    const facts = factsOf(recipient, today, input);
    const verdicts = policies.map((policy) => ({
      policy,
      verdict: evaluate(parseRules(policy.rules), facts),
    }));
    const matched = verdicts.filter((v) => v.verdict.outcome === true);

    const writeScope = RegionScope.of(principal, REFERRAL_WRITERS);
    const canWrite = writeScope.covers(recipient.villageCode);
    let open: Referral[];
    const created = new Set<string>();
    if (canWrite) {
      open = await this.db.$transaction(async (tx) => {
        const inserted = await this.repository.createSuggestions(
          tx,
          matched.map(({ policy, verdict }) => ({
            id: uuidv7(),
            recipientId,
            villageCode: recipient.villageCode,
            policyCode: policy.code,
            status: 'suggested',
            reasons: verdict.reasons,
            createdBy: principal.subject,
          })),
        );
        for (const referral of inserted) {
          created.add(referral.id);
          await this.outbox.publish(
            tx,
            referralSuggestedV1,
            {
              referralId: referral.id,
              recipientId,
              policyCode: referral.policyCode,
              villageCode: referral.villageCode,
              status: 'suggested',
              suggestedOn: today,
              version: referral.version,
            },
            { subject: referral.id, regionCode: referral.villageCode },
          );
        }
        return this.repository.referralsIn(tx, writeScope, recipientId);
      });
    } else {
      open = await this.repository.referralsOf(readScope, recipientId);
    }
    open = open.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status));

    return {
      recipientId,
      evaluatedOn: today,
      facts,
      matches: matched.map(({ policy, verdict }) => {
        const referral = open.find((r) => r.policyCode === policy.code);
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
      notMatched: verdicts.filter((v) => v.verdict.outcome === false).map((v) => v.policy.code),
      suggestionsRecorded: canWrite,
    };
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
export function factsOf(recipient: RecipientWithCategories, today: string, input: MatchPoliciesInput): Facts {
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
