import { Injectable } from '@nestjs/common';
import { ASSESSMENT_DOMAINS } from '@wushe/contracts';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import { caseWork } from '../case-work-access';
import { CaseWorkErrors } from '../case-work.errors';
import { presentAssessment } from '../case-work.presenter';
import { AssessmentWithDomains, CaseWorkRepository } from '../case-work.repository';
import type { EditAssessmentInput } from '../case-work.schemas';
import { computeRiskLevel } from '../schedule';
import { loadForAction, scopeFor } from '../../access/permissions';

/** A writer reworks an assessment until it is submitted, and again after a supervisor returns it. */
const EDITABLE = ['draft', 'returned'];

/**
 * Edits a draft or returned assessment (scores, notes, the risk override, the policy facts),
 * compare-and-set on the version the writer read. The computed risk level follows the scores; an
 * override stays in force until it is replaced or removed. Drafts announce nothing: the edited
 * content leaves the service with the next submission.
 */
@Injectable()
export class EditAssessment {
  constructor(
    private readonly db: CasesDb,
    private readonly repo: CaseWorkRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, id: string, input: EditAssessmentInput) {
    const a = await loadForAction(
      principal,
      caseWork('case-work.manage'),
      { resource: 'assessment', id },
      (s) => this.repo.findAssessment(s, id),
    );
    if (!EDITABLE.includes(a.status)) throw CaseWorkErrors.ASSESSMENT_NOT_EDITABLE({ status: a.status });
    if (a.version !== input.version) throw CaseWorkErrors.CASE_WORK_CONFLICT({ version: a.version });

    const scoreOf = (domain: (typeof ASSESSMENT_DOMAINS)[number]) =>
      input.domains?.[domain]?.score ?? a.domains.find((d) => d.domain === domain)?.score ?? 0;
    const computed = computeRiskLevel(ASSESSMENT_DOMAINS.map(scoreOf));
    const override = this.overrideAfter(a, input);

    const scope = scopeFor(principal, 'case-work.manage');
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.scoped.assessment.updateMany(scope, {
        where: { id, version: input.version, status: { in: EDITABLE } },
        data: {
          computedRiskLevel: computed,
          riskLevel: override?.level ?? computed,
          riskOverrideReasonEncrypted: override?.reasonEncrypted ?? null,
          ...(input.policyFacts !== undefined
            ? {
                policyFactsEncrypted: input.policyFacts
                  ? this.cipher.encrypt(JSON.stringify(input.policyFacts))
                  : null,
              }
            : {}),
          editedBy: principal.subject,
          editedAt: new Date(),
          version: { increment: 1 },
        },
      });
      if (count !== 1) {
        // Someone moved it first: submitted meanwhile (not editable) or edited (stale version).
        const now = await tx.scoped.assessment.findUnique(scope, { where: { id }, select: { status: true } });
        throw now && !EDITABLE.includes(now.status)
          ? CaseWorkErrors.ASSESSMENT_NOT_EDITABLE({ status: now.status })
          : CaseWorkErrors.CASE_WORK_CONFLICT();
      }
      for (const domain of ASSESSMENT_DOMAINS) {
        const edit = input.domains?.[domain];
        if (!edit) continue;
        await tx.assessmentDomain.update({
          where: { assessmentId_domain: { assessmentId: id, domain } },
          data: {
            ...(edit.score !== undefined ? { score: edit.score } : {}),
            ...(edit.note !== undefined
              ? { noteEncrypted: edit.note === null ? null : this.cipher.encrypt(edit.note) }
              : {}),
          },
        });
      }
    });

    // Like POST responses, no plaintext notes: read them with GET /assessments/:id.
    const edited = await this.repo.findAssessment(scopeFor(principal, 'case-work.read'), id);
    if (!edited) throw CommonErrors.INTERNAL();
    return presentAssessment(edited, this.cipher, false);
  }

  /** The override in force after the edit: replaced, removed (null), or kept as it was. */
  private overrideAfter(
    a: AssessmentWithDomains,
    input: EditAssessmentInput,
  ): { level: string; reasonEncrypted: string } | null {
    if (input.riskOverride === null) return null;
    if (input.riskOverride) {
      return {
        level: input.riskOverride.level,
        reasonEncrypted: this.cipher.encrypt(input.riskOverride.reason),
      };
    }
    return a.riskOverrideReasonEncrypted === null
      ? null
      : { level: a.riskLevel, reasonEncrypted: a.riskOverrideReasonEncrypted };
  }
}
