import { defineErrors, DomainError } from '@wushe/platform';

export const VisitErrors = defineErrors('CASES', {
  VISIT_VILLAGE_MISMATCH: {
    status: 422,
    zh: '对象所在村（居）与走访地点不一致',
    en: 'The person belongs to another village than the visit',
  },
});

/**
 * The same error, naming the item of the request it is about (`newRecipients[1]`), so a field
 * device can point at the person whose entry is wrong; the whole visit was refused.
 */
export function atItem(error: unknown, path: string): unknown {
  if (!(error instanceof DomainError)) return error;
  return new DomainError(error.code, error.status, error.messages, { ...error.details, path });
}
