import type { NextFunction, Request, Response } from 'express';
import { acceptCorrelationId, runWithContext } from '../context/request-context';

/** Every request runs inside a context carrying its correlation id, echoed back to the client. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = acceptCorrelationId(req.headers['x-correlation-id']);
  res.setHeader('X-Correlation-Id', correlationId);
  runWithContext({ correlationId }, next);
}
