import { ZodError } from 'zod';
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
  errors?: Array<{ path: string; code: string; message: string }>;
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

export function validationError(error: ZodError, where = 'body'): DomainError {
  return CommonErrors.VALIDATION_FAILED({
    errors: error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      code: issue.code,
      message: issue.message,
    })),
  });
}
