import { defineErrors } from '@wushe/platform';

// Upload errors answer the request; row errors go into the import's report, one per row and
// column, each with the status it would have had as a request of its own.
export const RosterImportErrors = defineErrors('CASES', {
  ROSTER_REGION_REQUIRED: {
    status: 400,
    zh: '您负责多个区域，请用 region 参数指明花名册所属区域',
    en: 'You write in several regions; say which one the roster is for with ?region=',
  },
  ROSTER_EMPTY_FILE: { status: 400, zh: '上传的文件为空', en: 'The uploaded file is empty' },
  ROSTER_UNREADABLE_FILE: {
    status: 422,
    zh: '无法读取文件（不是有效的 CSV 或 XLSX）',
    en: 'The file cannot be read as CSV or XLSX',
  },
  ROSTER_MISSING_COLUMNS: {
    status: 422,
    zh: '花名册缺少必需的列',
    en: 'The roster lacks required columns',
  },
  ROSTER_NO_ROWS: { status: 422, zh: '花名册没有数据行', en: 'The roster has no data rows' },
  ROSTER_MISSING_VALUE: { status: 422, zh: '必填项为空', en: 'A required value is empty' },
  ROSTER_INVALID_NAME: {
    status: 422,
    zh: '姓名应为 1–50 个字符，且不含控制字符',
    en: 'The name must be 1–50 characters, without control characters',
  },
  ROSTER_INVALID_VILLAGE_CODE: {
    status: 422,
    zh: '村（居）代码应为 12 位有效区划代码',
    en: 'The village code must be a valid 12-digit division code',
  },
  ROSTER_ROW_OUT_OF_SCOPE: {
    status: 403,
    zh: '该行的村（居）不在本次导入的区域内',
    en: 'The row’s village is outside the region of this import',
  },
  ROSTER_CATEGORY_MISMATCH: {
    status: 422,
    zh: '该行的类别与本次导入的类别不一致',
    en: 'The row’s category differs from the category of this import',
  },
  ROSTER_INVALID_AMOUNT: {
    status: 422,
    zh: '金额应为大于 0 的元数，最多两位小数',
    en: 'The amount must be yuan above 0 with at most two decimals',
  },
  ROSTER_INVALID_HOUSEHOLD_REF: {
    status: 422,
    zh: '户编号最多 64 个字母、数字或连字符',
    en: 'The household number must be up to 64 letters, digits or hyphens',
  },
  ROSTER_DUPLICATE_ID: {
    status: 409,
    zh: '同一身份证号码在文件中出现多次',
    en: 'The same resident ID number appears more than once in the file',
  },
  ROSTER_REGISTERED_ELSEWHERE: {
    status: 409,
    zh: '此人已在本区域以外的台账中登记',
    en: 'This person is registered in the ledger outside the region of this import',
  },
  ROSTER_IMPORT_NOT_FAILED: {
    status: 409,
    zh: '只有失败的导入可以重试',
    en: 'Only a failed import can be retried',
  },
  ROSTER_FILE_EXPIRED: {
    status: 409,
    zh: '该导入失败后未及时重试，文件已删除，请重新上传花名册',
    en: 'The import was not retried in time and its file was deleted; upload the roster again',
  },
});
