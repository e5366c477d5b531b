import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AdminRole } from './admin-user.entity';

export const IS_PUBLIC = 'openbell:isPublic';
/** No token needed (login only). Health and metrics live outside /api and are open anyway. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOW_VIEWER = 'openbell:allowViewer';
/** A POST that only reads (e.g. preview) may be called by viewers. Mutations never use this. */
export const AllowViewer = () => SetMetadata(ALLOW_VIEWER, true);

export interface Actor {
  id: string;
  email: string;
  role: AdminRole;
  ip: string | null;
  requestId: string | null;
}

export interface AuthenticatedRequest extends Request {
  user?: { id: string; email: string; role: AdminRole };
}

/** Who is acting, from where, in which request: for audit events. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return {
    id: req.user?.id ?? 'unknown',
    email: req.user?.email ?? 'unknown',
    role: req.user?.role ?? 'viewer',
    ip: req.ip ?? null,
    requestId: req.id === undefined || req.id === null ? null : String(req.id),
  };
});
