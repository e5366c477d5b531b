import {
  createParamDecorator,
  InternalServerErrorException,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { requestContext } from '../infra/http/request-context';
import type { AdminRole } from './admin-user.entity';
import type { AuditActor } from '../audit/audit-actor';

export const IS_PUBLIC = 'openbell:isPublic';
/**
 * No token needed. Only login and /api/version (the build identity the deploy checks) use it; health and metrics are open through the guard's declared
 * list (auth.guard.ts) because their controllers belong to the probes, not to the API.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOW_VIEWER = 'openbell:allowViewer';
/**
 * A non-GET route that only reads (POST /api/runs/preview) and so may be called by viewers without
 * a reason. Never put it on a route that changes anything: every other POST/PUT/PATCH/DELETE is
 * operator-only and must take a body extending ReasonDto.
 */
export const AllowViewer = () => SetMetadata(ALLOW_VIEWER, true);

export const ROLES = 'openbell:roles';
/** Restricts a route (typically a GET) to these roles; mutations are operator-only already. */
export const Roles = (...roles: AdminRole[]) => SetMetadata(ROLES, roles);

/** The signed-in account, set on the request by the AuthGuard. */
export interface SessionUser {
  id: string;
  email: string;
  role: AdminRole;
}

export interface AuthenticatedRequest extends Request {
  user?: SessionUser;
}

/** Who is acting, from where, in which request: what an audit event records. */
/** The signed-in account behind a request, with where it came from (what the audit trail records). */
export interface Actor extends SessionUser, AuditActor {}

/**
 * `@Actor() actor: Actor` — the signed-in account plus client IP and request id. Only for routes
 * behind the guard: on a route without a session it is a programming error (500), never a
 * silent "unknown" actor in the audit trail.
 */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.user)
    throw new InternalServerErrorException('@Actor() used on a route without a session');
  const { id, email, role } = req.user;
  return { id, email, role, ...requestContext(req) };
});
