import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';
import { databaseUnavailableError, isDatabaseUnavailable } from '../database/database-unavailable';
import { CommonErrors, DomainError } from './domain-error';
import { problemFromDomainError, undecodableParamError, validationError } from './problem-details';
import { unhandledErrorFields } from '../logging/unhandled-error';

// Body-parser and Nest raise their own errors; each gets a stable code instead of a bare status.
function fromHttpException(error: HttpException): DomainError {
  const status = error.getStatus();
  const type = (error.getResponse() as { type?: string })?.type ?? (error.cause as { type?: string })?.type;
  if (status === 400 && /json|parse/i.test(`${type ?? ''} ${error.message}`))
    return CommonErrors.MALFORMED_JSON();
  if (status === 400 && error.message.startsWith('Failed to decode param')) return undecodableParamError();
  const byStatus: Record<number, () => DomainError> = {
    401: CommonErrors.UNAUTHENTICATED,
    403: CommonErrors.FORBIDDEN,
    404: CommonErrors.NOT_FOUND,
    405: CommonErrors.METHOD_NOT_ALLOWED,
    413: CommonErrors.PAYLOAD_TOO_LARGE,
    415: CommonErrors.UNSUPPORTED_MEDIA_TYPE,
  };
  return (
    byStatus[status] ??
    (() => new DomainError(`COMMON.HTTP_${status}`, status, { zh: error.message, en: error.message }))
  )();
}

/** Maps body-parser's raw errors (they are not HttpExceptions) to stable codes. */
function fromBodyParser(error: { type?: string; status?: number }): DomainError | undefined {
  if (error.type === 'entity.parse.failed') return CommonErrors.MALFORMED_JSON();
  if (error.type === 'entity.too.large') return CommonErrors.PAYLOAD_TOO_LARGE();
  if (error.type === 'entity.too.deep') return CommonErrors.BODY_TOO_DEEP();
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
  }
  return undefined;
}

export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (error instanceof HttpException) return fromHttpException(error);
  // The database away (a restart, an outage) is the dependency's fault, not the code's: 503.
  if (isDatabaseUnavailable(error)) return databaseUnavailableError();
  if (error && typeof error === 'object') return fromBodyParser(error as { type?: string });
  return undefined;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    let domain = toDomainError(error);
    if (!domain) {
      this.logger.error(unhandledErrorFields(error, request), 'Unhandled error');
      domain = CommonErrors.INTERNAL();
    }
    // A problem that says when to come back (the database away, a lockout) says it in the header too.
    const retryAfter = domain.details?.retryAfter;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response
      .status(domain.status)
      .type('application/problem+json')
      .json(problemFromDomainError(domain, request.originalUrl?.split('?')[0]));
  }
}
