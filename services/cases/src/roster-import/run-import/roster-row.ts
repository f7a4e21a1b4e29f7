import { maskResidentId, parseDivisionCode, parseResidentId, type ResidentId } from '@wushe/cn-standards';
import { DomainError, isPlainLine } from '@wushe/platform';
import { assertCategoryAllowed, RecipientErrors } from '../../recipients';
import { RosterImportErrors } from '../roster-import.errors';
import type { RosterCategory } from '../roster-import.schemas';
import type { RosterField } from './roster-columns';

/** One problem of one row, as the report lists it. The message never repeats a clear value. */
export interface RowError {
  rowNumber: number;
  column: RosterField | 'file';
  code: string;
  message: string;
}

export interface ValidRow {
  rowNumber: number;
  name: string;
  resident: ResidentId;
  villageCode: string;
  amountFen: number;
  householdRef: string | null;
}

export interface RowRules {
  category: RosterCategory;
  /** The first day of the roster month: when a category the roster grants starts. */
  validFrom: string;
  /** True when a village code lies inside the import's region. */
  inRegion(villageCode: string): boolean;
  today: Date;
}

const CATEGORY_WORDS: Record<string, RosterCategory> = {
  dibao: 'dibao',
  低保: 'dibao',
  最低生活保障: 'dibao',
  tekun: 'tekun',
  特困: 'tekun',
  特困供养: 'tekun',
};

const AMOUNT = /^(\d{1,7})(?:\.(\d{1,2}))?$/;
const HOUSEHOLD_REF = /^[A-Za-z0-9-]{1,64}$/;

export function rowError(
  rowNumber: number,
  column: RowError['column'],
  error: DomainError,
  detail?: string,
): RowError {
  const message = `${error.messages.zh} / ${error.messages.en}${detail ? ` (${detail})` : ''}`;
  return { rowNumber, column, code: error.code, message: message.slice(0, 300) };
}

/** Yuan with up to two decimals → integer fen, without floating point. */
export function yuanToFen(text: string): number | undefined {
  const match = AMOUNT.exec(text.replace(/,/g, ''));
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : undefined;
}

/**
 * Checks one row against the same rules as a registration (GB 11643 ID, village code, category
 * and age rules) plus the roster's own (amount, category of the import, region). Returns the row
 * or every problem it has, one per column.
 */
export function validateRow(
  rowNumber: number,
  cells: Record<RosterField, string>,
  rules: RowRules,
): { row: ValidRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const missing = (column: RosterField) =>
    errors.push(rowError(rowNumber, column, RosterImportErrors.ROSTER_MISSING_VALUE()));

  // NFC as a registration stores it; a control character or a lone surrogate in a cell is refused.
  const name = cells.name.normalize('NFC');
  if (name === '') missing('name');
  else if (Array.from(name).length > 50 || !isPlainLine(name)) {
    errors.push(rowError(rowNumber, 'name', RosterImportErrors.ROSTER_INVALID_NAME()));
  }

  let resident: ResidentId | undefined;
  if (cells.residentId === '') missing('residentId');
  else {
    const parsed = parseResidentId(cells.residentId, rules.today);
    if (parsed.ok) resident = parsed.value;
    else {
      const error =
        parsed.code === 'BAD_BIRTH_DATE' || parsed.code === 'FUTURE_BIRTH_DATE'
          ? RecipientErrors.INVALID_BIRTH_DATE()
          : RecipientErrors.INVALID_RESIDENT_ID();
      errors.push(
        rowError(rowNumber, 'residentId', error, `${parsed.code}, ${maskedInput(cells.residentId)}`),
      );
    }
  }

  const villageCode = cells.villageCode;
  if (villageCode === '') missing('villageCode');
  else {
    const parsed = parseDivisionCode(villageCode);
    if (!parsed.ok || parsed.value.level !== 'village' || parsed.value.code !== villageCode) {
      errors.push(rowError(rowNumber, 'villageCode', RosterImportErrors.ROSTER_INVALID_VILLAGE_CODE()));
    } else if (!rules.inRegion(villageCode)) {
      errors.push(
        rowError(rowNumber, 'villageCode', RosterImportErrors.ROSTER_ROW_OUT_OF_SCOPE(), villageCode),
      );
    }
  }

  if (cells.category !== '' && CATEGORY_WORDS[cells.category.toLowerCase()] !== rules.category) {
    errors.push(rowError(rowNumber, 'category', RosterImportErrors.ROSTER_CATEGORY_MISMATCH()));
  }
  if (resident) {
    try {
      assertCategoryAllowed(rules.category, resident.birthDate, rules.validFrom);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(rowError(rowNumber, 'category', error));
    }
  }

  let amountFen: number | undefined;
  if (cells.amount === '') missing('amount');
  else {
    amountFen = yuanToFen(cells.amount);
    if (amountFen === undefined) {
      errors.push(rowError(rowNumber, 'amount', RosterImportErrors.ROSTER_INVALID_AMOUNT()));
    }
  }

  const householdRef = cells.householdRef === '' ? null : cells.householdRef;
  if (householdRef !== null && !HOUSEHOLD_REF.test(householdRef)) {
    errors.push(rowError(rowNumber, 'householdRef', RosterImportErrors.ROSTER_INVALID_HOUSEHOLD_REF()));
  }

  if (errors.length > 0 || !resident || amountFen === undefined) return { errors };
  return { row: { rowNumber, name, resident, villageCode, amountFen, householdRef } };
}

// What of a cell is shown in a row error is stored: a control character or lone surrogate in it
// (PostgreSQL refuses NUL) becomes U+FFFD.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/gu;

/** An invalid ID masked like a valid one; shorter than an ID, nothing of it is shown. */
export function maskedInput(value: string): string {
  const s = value.trim().replace(UNSHOWABLE, '\ufffd');
  return s.length < 15 ? '*'.repeat(s.length) : maskResidentId(s);
}
