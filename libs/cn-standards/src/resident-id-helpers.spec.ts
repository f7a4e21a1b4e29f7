import { isValidResidentId, maskResidentId, residentIdCheckChar } from './resident-id';

describe('residentIdCheckChar', () => {
  it('computes ISO 7064 MOD 11-2 for the DOMAIN.md examples', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A', ''])('rejects %p', (bad) => {
    expect(() => residentIdCheckChar(bad)).toThrow(RangeError);
  });
});

describe('isValidResidentId', () => {
  it('mirrors parseResidentId', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('110105202406020019', new Date('2024-06-01T12:00:00+08:00'))).toBe(false);
  });
});

describe('maskResidentId', () => {
  it('shows the first 6 and last 4 characters', () => {
    expect(maskResidentId('440524188001010014')).toBe('440524********0014');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
  });

  it('masks 15-digit IDs the same way', () => {
    expect(maskResidentId('130503670401001')).toBe('130503*****1001');
  });

  it('masks input too short to show anything completely', () => {
    expect(maskResidentId('1234567890')).toBe('**********');
    expect(maskResidentId('')).toBe('');
  });
});
