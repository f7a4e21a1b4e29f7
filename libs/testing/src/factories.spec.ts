import { parseMobile, parseResidentId } from '@wushe/cn-standards';
import { mobile, residentId, villageCode, visitInput } from './factories';

describe('data factories', () => {
  it('make resident IDs that pass GB 11643 with the requested facts', () => {
    for (let i = 0; i < 200; i++) {
      const parsed = parseResidentId(residentId({ sex: i % 2 ? 'male' : 'female' }));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.value.sex).toBe(i % 2 ? 'male' : 'female');
    }
    const fixed = parseResidentId(residentId({ areaCode: '440524', birthDate: '2012-02-29' }));
    expect(fixed.ok && fixed.value.birthDate).toBe('2012-02-29');
  });

  it('make valid mobiles, village codes and visit bodies', () => {
    for (let i = 0; i < 200; i++) expect(parseMobile(mobile()).ok).toBe(true);
    expect(villageCode('440524101')).toMatch(/^440524101\d{3}$/);
    expect(visitInput({ kind: 'routine' })).toMatchObject({
      kind: 'routine',
      villageCode: expect.stringMatching(/^\d{12}$/),
    });
  });
});

describe('residentId uniqueness', () => {
  it('never repeats an ID, even when only the sequence number can vary', () => {
    const ids = Array.from({ length: 400 }, () => residentId({ birthDate: '1986-11-18', sex: 'female' }));
    expect(new Set(ids).size).toBe(400);
  });
});
