import { cellText } from './roster-file';
import { cellsToRecord, mapColumns } from './roster-columns';
import { maskedInput, validateRow, yuanToFen } from './roster-row';

// Pure rules of one roster row; the import as a whole is tested in services/cases/test.

describe('yuanToFen', () => {
  it.each([
    ['650', 65_000],
    ['650.5', 65_050],
    ['650.05', 65_005],
    ['0.01', 1],
    ['1,234.50', 123_450],
    ['9999999.99', 999_999_999],
  ])('%s yuan is %i fen', (yuan, fen) => expect(yuanToFen(yuan)).toBe(fen));

  it.each(['0', '0.00', '-1', '1.234', '1e3', '', 'abc', '12345678', '.5', '5.'])('refuses %p', (yuan) =>
    expect(yuanToFen(yuan)).toBeUndefined(),
  );
});

describe('mapColumns', () => {
  it('finds columns by Chinese or English headers, full-width brackets and spaces ignored', () => {
    const { columns, missing } = mapColumns([
      '序号',
      '\uFEFF姓名',
      '公民身份号码',
      '村（居）代码 ',
      '金额（元）',
      '户号',
    ]);
    expect(missing).toEqual([]);
    expect(columns).toEqual({ name: 1, residentId: 2, villageCode: 3, amount: 4, householdRef: 5 });
    expect(cellsToRecord(['1', ' 张三 ', 'x', 'v', '3'], columns)).toEqual({
      name: '张三',
      residentId: 'x',
      category: '',
      villageCode: 'v',
      householdRef: '',
      amount: '3',
    });
  });

  it('lists the required columns that are missing', () => {
    expect(mapColumns(['name', 'Amount']).missing).toEqual(['residentId', 'villageCode']);
  });
});

describe('validateRow', () => {
  const rules = {
    category: 'tekun' as const,
    validFrom: '2024-05-01',
    inRegion: (code: string) => code.startsWith('430703100'),
    today: new Date('2024-05-10T00:00:00Z'),
  };
  const good = {
    name: '张三',
    residentId: '11010519491231002X',
    category: '特困',
    villageCode: '430703100001',
    householdRef: 'HH-1',
    amount: '500',
  };

  it('accepts a good row (category words in Chinese too) with the amount in fen', () => {
    const result = validateRow(7, good, rules);
    expect(result).toMatchObject({
      row: {
        rowNumber: 7,
        name: '张三',
        villageCode: '430703100001',
        amountFen: 50_000,
        householdRef: 'HH-1',
      },
    });
  });

  it('reports every bad column of a row, never the ID in clear', () => {
    const result = validateRow(
      3,
      {
        ...good,
        residentId: '110105194912310021',
        category: 'dibao',
        villageCode: '430703101001',
        amount: '5.555',
      },
      rules,
    );
    expect('errors' in result && result.errors.map((e) => [e.column, e.code])).toEqual([
      ['residentId', 'CASES.INVALID_RESIDENT_ID'],
      ['villageCode', 'CASES.ROSTER_ROW_OUT_OF_SCOPE'],
      ['category', 'CASES.ROSTER_CATEGORY_MISMATCH'],
      ['amount', 'CASES.ROSTER_INVALID_AMOUNT'],
    ]);
    expect(JSON.stringify(result)).not.toContain('110105194912310021');
  });

  it('refuses a name holding a control character or a lone surrogate, and stores names in NFC', () => {
    for (const name of ['张\u0000三', '张\t三', '张\ud800']) {
      const result = validateRow(4, { ...good, name }, rules);
      expect('errors' in result && result.errors.map((e) => [e.column, e.code])).toEqual([
        ['name', 'CASES.ROSTER_INVALID_NAME'],
      ]);
    }
    expect(validateRow(4, { ...good, name: 'Jose\u0301' }, rules)).toMatchObject({ row: { name: 'José' } });
  });

  it('a person born after the month starts cannot be on that month’s roster', () => {
    const result = validateRow(2, { ...good, residentId: '110105202405050013' }, rules);
    expect('errors' in result && result.errors.map((e) => e.code)).toEqual(['CASES.INVALID_CATEGORY_DATES']);
  });
});

describe('maskedInput and cellText', () => {
  it('shows no control character or lone surrogate of a cell (a row error is stored)', () => {
    expect(maskedInput('4307031990010\u0000\u00001X')).toBe('430703*******\ufffd\ufffd1X');
    expect(maskedInput('43070319900101\ud80012')).not.toMatch(/[\ud800-\udfff]/u);
  });

  it('masks what could be an ID, and anything shorter entirely', () => {
    expect(maskedInput('110105194912310021')).toBe('110105********0021');
    expect(maskedInput('12345678901234')).toBe('**************');
  });

  it('reads the text a cell shows', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(512.3)).toBe('512.3');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ formula: 'A1*2', result: 10 })).toBe('10');
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cellText(new Date('2024-05-01T00:00:00Z'))).toBe('2024-05-01');
  });
});
