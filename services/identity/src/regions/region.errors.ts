import { defineErrors } from '@wushe/platform';
import { IdentityErrors } from '../shared/identity.errors';

export const RegionErrors = {
  ...IdentityErrors,
  ...defineErrors('IDENTITY', {
    REGION_FILE_INVALID: {
      status: 422,
      zh: '区划文件有误，未导入任何数据',
      en: 'The division file is invalid; nothing was imported',
    },
    REGION_IMPORT_OUT_OF_ORDER: {
      status: 409,
      zh: '生效日期早于该省上一次导入的生效日期',
      en: 'The effective date is before that of the last import of this province',
    },
  }),
};

/** One thing wrong with an import file, located so an operator can fix it. */
export interface RegionFileProblem {
  /** File name and 1-based line number, e.g. `gd-2024.csv:12`. */
  at: string;
  message: string;
}
