import { advanceRecipientStatus } from '../../recipients';
import { Injectable } from '@nestjs/common';
import {
  ASSESSMENT_DOMAINS,
  assessmentApprovedV1,
  assessmentReturnedV1,
  assessmentSubmittedV1,
  RiskLevel,
} from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb, CasesTx } from '../../database/cases-db';
import { caseWork, loadOpenRecipient } from '../case-work-access';
import { CaseWorkErrors } from '../case-work.errors';
import { presentAssessment, readPolicyFacts } from '../case-work.presenter';
import { AssessmentWithDomains, CaseWorkRepository } from '../case-work.repository';
import type { CreateAssessmentInput, ReturnAssessmentInput } from '../case-work.schemas';
import { computeRiskLevel } from '../schedule';
import { MatchPolicies, PolicyRepository, PolicySuggestions } from '../../policies';
import { loadForAction, Permission, scopeFor } from '../../access/permissions';

type AssessmentView = ReturnType<typeof presentAssessment>;
type ApprovedAssessmentView = AssessmentView & { policySuggestions: PolicySuggestions[] };

/** Needs assessments: draft → submitted → approved | returned (→ submitted again). */
@Injectable()
export class Assessments {
  constructor(
    private readonly db: CasesDb,
    private readonly repo: CaseWorkRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly policies: PolicyRepository,
    private readonly matchPolicies: MatchPolicies,
  ) {}

  async create(
    principal: Principal,
    recipientId: string,
    input: CreateAssessmentInput,
  ): Promise<AssessmentView> {
    const recipient = await loadOpenRecipient(this.repo, principal, recipientId);
    const computed = computeRiskLevel(ASSESSMENT_DOMAINS.map((d) => input.domains[d].score));
    const id = uuidv7();
    await this.db.$transaction(async (tx) => {
      await tx.scoped.assessment.create(scopeFor(principal, 'case-work.manage'), {
        data: {
          id,
          recipientId,
          villageCode: recipient.villageCode,
          computedRiskLevel: computed,
          riskLevel: input.riskOverride?.level ?? computed,
          riskOverrideReasonEncrypted: input.riskOverride
            ? this.cipher.encrypt(input.riskOverride.reason)
            : null,
          policyFactsEncrypted: input.policyFacts
            ? this.cipher.encrypt(JSON.stringify(input.policyFacts))
            : null,
          createdBy: principal.subject,
          domains: {
            create: ASSESSMENT_DOMAINS.map((domain) => ({
              domain,
              score: input.domains[domain].score,
              noteEncrypted: input.domains[domain].note
                ? this.cipher.encrypt(input.domains[domain].note)
                : null,
            })),
          },
        },
      });
    });
    return this.view(principal, id);
  }

  async submit(principal: Principal, id: string): Promise<AssessmentView> {
    const a = await this.load(principal, 'case-work.manage', id);
    const scope = scopeFor(principal, 'case-work.manage');
    await this.transition(scope, a, ['draft', 'returned'], 'submitted', async (tx) => {
      await tx.scoped.assessment.update(scope, {
        where: { id },
        data: { submittedBy: principal.subject, submittedAt: new Date() },
      });
      await this.outbox.publish(
        tx,
        assessmentSubmittedV1,
        {
          assessmentId: id,
          recipientId: a.recipientId,
          villageCode: a.villageCode,
          riskLevel: a.riskLevel as RiskLevel,
        },
        { subject: id, regionCode: a.villageCode },
      );
    });
    return this.view(principal, id);
  }

  /**
   * Approves, moves the recipient to `assessed`, and evaluates the policy catalogue with the
   * assessment's facts (政策找人 at every assessment): new matches become suggested referrals in
   * the same transaction, listed in the response.
   */
  async approve(principal: Principal, id: string): Promise<ApprovedAssessmentView> {
    const a = await this.loadForDecision(principal, id);
    const recipient = await this.policies.recipient(scopeFor(principal, 'case-work.approve'), a.recipientId);
    let policySuggestions: PolicySuggestions[] = [];
    const scope = scopeFor(principal, 'case-work.approve');
    await this.transition(scope, a, ['submitted'], 'approved', async (tx) => {
      await tx.scoped.assessment.update(scope, {
        where: { id },
        data: { decidedBy: principal.subject, decidedAt: new Date(), returnCommentEncrypted: null },
      });
      await this.outbox.publish(
        tx,
        assessmentApprovedV1,
        {
          assessmentId: id,
          recipientId: a.recipientId,
          villageCode: a.villageCode,
          riskLevel: a.riskLevel as RiskLevel,
          riskOverridden: a.riskLevel !== a.computedRiskLevel || a.riskOverrideReasonEncrypted !== null,
        },
        { subject: id, regionCode: a.villageCode },
      );
      await advanceRecipientStatus(tx, scope, this.outbox, a.recipientId, 'assessed', ['identified']);
      if (recipient && recipient.status !== 'closed') {
        policySuggestions = await this.matchPolicies.suggestWithin(
          tx,
          scopeFor(principal, 'referrals.manage'),
          principal.subject,
          [{ recipient, facts: readPolicyFacts(a, this.cipher) ?? {} }],
        );
      }
    });
    return { ...(await this.view(principal, id)), policySuggestions };
  }

  async return(principal: Principal, id: string, input: ReturnAssessmentInput): Promise<AssessmentView> {
    const a = await this.loadForDecision(principal, id);
    const scope = scopeFor(principal, 'case-work.approve');
    await this.transition(scope, a, ['submitted'], 'returned', async (tx) => {
      await tx.scoped.assessment.update(scope, {
        where: { id },
        data: {
          decidedBy: principal.subject,
          decidedAt: new Date(),
          returnCommentEncrypted: this.cipher.encrypt(input.comment),
        },
      });
      await this.outbox.publish(
        tx,
        assessmentReturnedV1,
        { assessmentId: id, recipientId: a.recipientId, villageCode: a.villageCode },
        { subject: id, regionCode: a.villageCode },
      );
    });
    return this.view(principal, id);
  }

  /** One assessment for a reader in scope (else 404); notes only for writers/supervisors in scope. */
  async get(principal: Principal, id: string): Promise<AssessmentView> {
    const a = await this.repo.findAssessment(scopeFor(principal, 'case-work.read'), id);
    if (!a) throw CommonErrors.NOT_FOUND({ resource: 'assessment', id });
    const withNotes = scopeFor(principal, 'case-work.manage').covers(a.villageCode);
    return presentAssessment(a, this.cipher, withNotes);
  }

  /** A recipient's assessments, newest first; notes only for writers/supervisors in scope. */
  async list(principal: Principal, recipientId: string): Promise<{ items: AssessmentView[] }> {
    const readers = scopeFor(principal, 'case-work.read');
    const recipient = await this.repo.findRecipient(readers, recipientId);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipientId });
    const withNotes = scopeFor(principal, 'case-work.manage').covers(recipient.villageCode);
    const rows = await this.repo.listAssessments(readers, recipientId);
    return { items: rows.map((a) => presentAssessment(a, this.cipher, withNotes)) };
  }

  private load(principal: Principal, act: Permission, id: string) {
    return loadForAction(principal, caseWork(act), { resource: 'assessment', id }, (s) =>
      this.repo.findAssessment(s, id),
    );
  }

  /** A supervisor covering the village, who did not submit it themselves (four eyes). */
  private async loadForDecision(principal: Principal, id: string): Promise<AssessmentWithDomains> {
    const a = await this.load(principal, 'case-work.approve', id);
    if (a.submittedBy === principal.subject) throw CaseWorkErrors.ASSESSMENT_SELF_APPROVAL();
    return a;
  }

  /** Moves the status only if nobody moved it first (compare-and-set on status and version). */
  private async transition(
    scope: RegionScope,
    a: AssessmentWithDomains,
    from: readonly string[],
    to: string,
    effects: (tx: CasesTx) => Promise<void>,
  ): Promise<void> {
    if (!from.includes(a.status)) {
      throw CaseWorkErrors.ASSESSMENT_INVALID_TRANSITION({ from: a.status, to });
    }
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.scoped.assessment.updateMany(scope, {
        where: { id: a.id, status: a.status, version: a.version },
        data: { status: to, version: { increment: 1 } },
      });
      if (count !== 1) throw CaseWorkErrors.CASE_WORK_CONFLICT();
      await effects(tx);
    });
  }

  /** POST responses: no plaintext notes (they may be stored for Idempotency-Key replay). */
  private async view(principal: Principal, id: string): Promise<AssessmentView> {
    const a = await this.repo.findAssessment(scopeFor(principal, 'case-work.read'), id);
    if (!a) throw CommonErrors.INTERNAL();
    return presentAssessment(a, this.cipher, false);
  }
}
