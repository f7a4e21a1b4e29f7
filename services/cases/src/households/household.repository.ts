import { Injectable } from '@nestjs/common';
import type { HouseholdRelation } from '@wushe/contracts';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import type { Household, HouseholdMember, Prisma, Recipient } from '../generated/prisma';

export type HouseholdWithMembers = Household & { members: HouseholdMember[] };

/** What a household view shows of a member: nothing decrypted but the ID, and only to mask it. */
export type MemberRecipient = Pick<
  Recipient,
  'id' | 'name' | 'residentIdEncrypted' | 'sex' | 'birthDate' | 'status' | 'villageCode'
>;

const withMembers = {
  members: { orderBy: { recipientId: 'asc' } },
} satisfies Prisma.HouseholdInclude;

/** Households belong to their village: every read and write names a RegionScope. */
@Injectable()
export class HouseholdRepository {
  constructor(private readonly db: CasesDb) {}

  findById(scope: RegionScope, id: string): Promise<HouseholdWithMembers | null> {
    return this.db.scoped.household.findFirst(scope, { where: { id }, include: withMembers });
  }

  /** The household and its members' recipient rows, both read through `scope`. */
  async findWithRecipients(
    scope: RegionScope,
    id: string,
  ): Promise<{ household: HouseholdWithMembers; recipients: MemberRecipient[] } | null> {
    const household = await this.findById(scope, id);
    if (!household) return null;
    const ids = household.members.map((m) => m.recipientId);
    return { household, recipients: await this.memberRecipients(scope, ids) };
  }

  /** Newest first (ids are UUIDv7), keyset-paged on id. */
  page(
    scope: RegionScope,
    region: string | undefined,
    afterId: string | undefined,
    take: number,
  ): Promise<HouseholdWithMembers[]> {
    return this.db.scoped.household.findMany(scope, {
      where: {
        ...(region ? { villageCode: { startsWith: region } } : {}),
        ...(afterId ? { id: { lt: afterId } } : {}),
      },
      include: withMembers,
      orderBy: { id: 'desc' },
      take,
    });
  }

  memberRecipients(scope: RegionScope, ids: string[]): Promise<MemberRecipient[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.scoped.recipient.findMany(scope, {
      where: { id: { in: ids } },
      select: {
        id: true,
        name: true,
        residentIdEncrypted: true,
        sex: true,
        birthDate: true,
        status: true,
        villageCode: true,
      },
    });
  }

  create(tx: CasesTx, scope: RegionScope, id: string, villageCode: string): Promise<Household> {
    return tx.scoped.household.create(scope, { data: { id, villageCode } });
  }

  hasHead(tx: CasesTx, householdId: string): Promise<boolean> {
    return tx.householdMember
      .findFirst({ where: { householdId, relation: 'head' }, select: { recipientId: true } })
      .then((row) => row !== null);
  }

  /** The household a recipient is a member of, whoever asks (the caller decides what to disclose). */
  membershipOf(tx: Pick<CasesTx, 'householdMember'>, recipientId: string): Promise<HouseholdMember | null> {
    return tx.householdMember.findUnique({ where: { recipientId } });
  }

  /**
   * The member row and the recipient's householdId together. False when the recipient joined a
   * household meanwhile; the unique index on household_member.recipient_id guards the same race.
   */
  async addMember(
    tx: CasesTx,
    scope: RegionScope,
    householdId: string,
    recipientId: string,
    relation: HouseholdRelation,
  ): Promise<boolean> {
    const { count } = await tx.scoped.recipient.updateMany(scope, {
      where: { id: recipientId, householdId: null },
      data: { householdId },
    });
    if (count !== 1) return false;
    await tx.householdMember.create({ data: { householdId, recipientId, relation } });
    return true;
  }

  /** Removes the member row and clears the recipient's householdId; false when not a member (any more). */
  async removeMember(
    tx: CasesTx,
    scope: RegionScope,
    householdId: string,
    recipientId: string,
  ): Promise<boolean> {
    const { count } = await tx.householdMember.deleteMany({ where: { householdId, recipientId } });
    if (count !== 1) return false;
    await tx.scoped.recipient.updateMany(scope, {
      where: { id: recipientId, householdId },
      data: { householdId: null },
    });
    return true;
  }
}
