// The roster's columns, found by their header whatever the county's template calls them.

export const ROSTER_FIELDS = [
  'name',
  'residentId',
  'category',
  'villageCode',
  'householdRef',
  'amount',
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

export const REQUIRED_FIELDS: readonly RosterField[] = ['name', 'residentId', 'villageCode', 'amount'];

const ALIASES: Record<RosterField, string[]> = {
  name: ['姓名', 'name'],
  residentId: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'residentid', 'resident_id', 'idnumber'],
  category: ['类别', '救助类别', '保障类别', 'category'],
  villageCode: ['村(居)代码', '村代码', '村居代码', '区划代码', 'villagecode', 'village_code'],
  householdRef: ['户编号', '户号', '家庭编号', 'householdid', 'household_id', 'householdref', 'household'],
  amount: ['金额', '金额(元)', '保障金额', '发放金额', '月保障金', 'amount', 'amount(yuan)', 'amount_yuan'],
};

/** Lower-case, no spaces, full-width brackets as ASCII: `村（居）代码 ` and `村(居)代码` match. */
function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase();
}

const BY_ALIAS = new Map<string, RosterField>(
  ROSTER_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [normalizeHeader(alias), field])),
);

export type ColumnMap = Partial<Record<RosterField, number>>;

/** Which cell holds which field; unknown headers are ignored, missing required ones listed. */
export function mapColumns(headers: readonly string[]): { columns: ColumnMap; missing: RosterField[] } {
  const columns: ColumnMap = {};
  headers.forEach((header, index) => {
    const field = BY_ALIAS.get(normalizeHeader(header));
    if (field && columns[field] === undefined) columns[field] = index;
  });
  return { columns, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}

export function cellsToRecord(cells: readonly string[], columns: ColumnMap): Record<RosterField, string> {
  const value = (field: RosterField) => {
    const index = columns[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  return {
    name: value('name'),
    residentId: value('residentId'),
    category: value('category'),
    villageCode: value('villageCode'),
    householdRef: value('householdRef'),
    amount: value('amount'),
  };
}
