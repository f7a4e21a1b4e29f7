import { z, ZodError } from 'zod';
import { CommonErrors, DomainError } from './domain-error';

/** RFC 9457 problem details with Wushe's stable `code` and bilingual titles. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  titleZh: string;
  instance?: string;
  errors?: ValidationIssue[];
  [extension: string]: unknown;
}

export function problemFromDomainError(error: DomainError, instance?: string): ProblemDetails {
  return {
    // Details first: an extension named like a problem member (status, code, type …) must not replace it.
    ...(error.details ?? {}),
    type: `https://wushe.dev/problems/${error.code.toLowerCase().replace(/[._]/g, '-')}`,
    title: error.messages.en,
    titleZh: error.messages.zh,
    status: error.status,
    code: error.code,
    detail: error.messages.en,
    ...(instance ? { instance } : {}),
  };
}

/** One failed check: where, a stable code (zod's, or a building block's), and why in both languages. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
  messageZh: string;
}

const zhCN = z.locales.zhCN();

function chineseMessage(issue: z.core.$ZodIssue): string {
  // The locale map takes raw issues; a finished issue has what it reads (code, origin, bounds).
  const said = zhCN.localeError(issue as unknown as z.core.$ZodRawIssue);
  if (typeof said === 'string') return said;
  return said?.message ?? '校验失败';
}

/**
 * The platform's input blocks (text, isoDate …) name their issue in `params.code` and say it in
 * Chinese in `params.zh`; zod's own issues keep zod's code and get zod's Chinese locale message.
 */
export function toValidationIssue(issue: z.core.$ZodIssue, where: string): ValidationIssue {
  const params =
    issue.code === 'custom' ? (issue.params as { code?: unknown; zh?: unknown } | undefined) : undefined;
  return {
    path: [where, ...issue.path.map(String)].join('.'),
    code: typeof params?.code === 'string' ? params.code : issue.code,
    message: issue.message,
    messageZh: typeof params?.zh === 'string' ? params.zh : chineseMessage(issue),
  };
}

/**
 * A route parameter that is not valid percent-encoding (`/recipients/%E0%A4%A`): the router
 * cannot decode it, so no schema sees it. Bad input like any other, and not echoed back.
 */
export function undecodableParamError(): DomainError {
  return CommonErrors.VALIDATION_FAILED({
    errors: [
      {
        path: 'params',
        code: 'malformed_encoding',
        message: 'a route parameter is not valid percent-encoded UTF-8',
        messageZh: '路径参数不是有效的百分号编码 UTF-8',
      },
    ],
  });
}

export function validationError(error: ZodError, where = 'body'): DomainError {
  return CommonErrors.VALIDATION_FAILED({
    errors: error.issues.map((issue) => toValidationIssue(issue, where)),
  });
}
