import { maskMobile, maskResidentId } from '@wushe/cn-standards';
import type { RecipientCategoryCode, RecipientStatus } from '@wushe/contracts';
import type { FieldCipher } from '@wushe/platform';
import { isCurrent } from '../recipients';
import type { RecipientWithCategories } from '../recipients';

// The columns of an exported ledger, headed in Chinese for the civil servants who open it in
// Excel. The address is left out on purpose (data minimisation): the village code places a
// household, and the full record is one reveal away for those who may see it.

const CATEGORY_LABELS: Record<RecipientCategoryCode, string> = {
  dibao: '低保',
  tekun: '特困',
  'dibao-edge': '低保边缘',
  'rigid-expense': '刚性支出困难',
  orphan: '孤儿',
  'de-facto-orphan': '事实无人抚养儿童',
  'left-behind-child': '农村留守儿童',
  'child-in-difficulty': '困境儿童',
  disabled: '残疾人',
  'elderly-alone': '高龄/空巢/独居/留守老人',
};

const STATUS_LABELS: Record<RecipientStatus, string> = {
  identified: '已识别',
  assessed: '已评估',
  'in-service': '服务中',
  closed: '已结案',
};

const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };

export const LEDGER_HEADER = [
  '对象编号',
  '姓名',
  '身份证号（脱敏）',
  '性别',
  '出生日期',
  '联系电话（脱敏）',
  '村（居）代码',
  '困难类别',
  '状态',
  '家庭编号',
  '责任社工',
  '更新时间',
] as const;

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (UTC+8, no daylight saving). */
export function chinaDateTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One ledger row, masked exactly as the recipients API masks (recipient.presenter.ts): the ID and
 * phone are decrypted only to be masked, the address not at all. Categories are the current ones.
 */
export function ledgerRow(recipient: RecipientWithCategories, cipher: FieldCipher, today: string): string[] {
  const categories = recipient.categories
    .filter((c) => isCurrent(c.validTo, today))
    .map((c) => CATEGORY_LABELS[c.category as RecipientCategoryCode] ?? c.category);
  return [
    recipient.id,
    recipient.name,
    maskResidentId(cipher.decrypt(recipient.residentIdEncrypted)),
    SEX_LABELS[recipient.sex] ?? recipient.sex,
    isoDate(recipient.birthDate),
    recipient.phoneEncrypted ? maskMobile(cipher.decrypt(recipient.phoneEncrypted)) : '',
    recipient.villageCode,
    [...new Set(categories)].join('、'),
    STATUS_LABELS[recipient.status as RecipientStatus] ?? recipient.status,
    recipient.householdId ?? '',
    recipient.assignedWorkerId ?? '',
    chinaDateTime(recipient.updatedAt),
  ];
}
