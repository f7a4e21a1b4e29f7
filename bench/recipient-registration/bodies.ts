import { randomInt } from 'node:crypto';
import { mobile, residentId, villageCode } from '@wushe/testing';

/** The township the bodies register in (its area code leads every resident ID). */
export const TOWNSHIP = '430703100';
const AREA = '430703';

// ---------------------------------------------------------------------------------------------
// Request bodies: valid by construction, a new resident ID each.

export const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
export const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇'];
export const BIRTH_FROM = Date.UTC(1930, 0, 1);
export const BIRTH_DAYS = Math.floor((Date.UTC(2005, 11, 31) - BIRTH_FROM) / 86_400_000);

export class BodySource {
  private readonly seen = new Set<string>();
  private readonly bodies: string[] = [];
  private next = 0;
  /** Bodies that had to be made during a timed phase because the pre-generated ones ran out. */
  lateGenerated = 0;

  constructor(pregenerate: number) {
    for (let i = 0; i < pregenerate; i++) this.bodies.push(this.make());
  }

  get pregenerated(): number {
    return this.bodies.length;
  }

  take(): string {
    if (this.next < this.bodies.length) return this.bodies[this.next++];
    this.lateGenerated++;
    return this.make();
  }

  private make(): string {
    let id: string;
    do {
      const birthDate = new Date(BIRTH_FROM + randomInt(0, BIRTH_DAYS) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      id = residentId({ areaCode: AREA, birthDate });
    } while (this.seen.has(id));
    this.seen.add(id);
    return JSON.stringify({
      name: `${SURNAMES[randomInt(0, SURNAMES.length)]}${GIVEN[randomInt(0, GIVEN.length)]}`,
      residentId: id,
      phone: mobile(),
      address: `湖南省常德市鼎城区武陵镇${randomInt(1, 100)}组${randomInt(1, 1000)}号`,
      villageCode: villageCode(TOWNSHIP),
      categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
      legalBasis: 'statutory-duty',
    });
  }
}
