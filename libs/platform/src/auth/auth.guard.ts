import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommonErrors } from '../errors/domain-error';
import { Principal, Role, hasRole } from './principal';
import { TokenVerifier } from './token-verifier';

export const PUBLIC_KEY = 'wushe:public';
const ROLES_KEY = 'wushe:roles';

// Both markers also land in the OpenAPI document (x-public, x-roles), so what a route demands is
// readable by clients and by the generated access matrix without a second, hand-kept list.

/** Marks a route as needing no token (health, JWKS, login). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));
/** Restricts a route to holders of one of these roles (in any scope; data scope is separate). */
export const RequireRoles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller of the current request; routes behind the guard always have one. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw CommonErrors.UNAUTHENTICATED();
  return principal;
});

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    // The scheme name is case-insensitive (RFC 7235); the token itself is not.
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match) throw CommonErrors.UNAUTHENTICATED({ reason: 'missing bearer token' });
    request.principal = await this.verifier.verify(match[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasRole(request.principal, ...roles)) throw CommonErrors.FORBIDDEN();
    return true;
  }
}
