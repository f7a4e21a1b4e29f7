import { parseResidentId, type ResidentId } from '@wushe/cn-standards';
import { RecipientErrors } from './recipient.errors';

/** A resident ID checked by GB 11643, or the CASES.* 400 that says what is wrong with it. */
export function parseResidentIdOrThrow(input: string): ResidentId {
  const parsed = parseResidentId(input);
  if (parsed.ok) return parsed.value;
  if (parsed.code === 'BAD_BIRTH_DATE' || parsed.code === 'FUTURE_BIRTH_DATE') {
    throw RecipientErrors.INVALID_BIRTH_DATE({ reason: parsed.code });
  }
  throw RecipientErrors.INVALID_RESIDENT_ID({ reason: parsed.code });
}
