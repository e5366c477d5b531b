import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { AdminRole } from './admin-user.entity';
import { ACCOUNT_CACHE_MS, AdminUsersService } from './admin-users.service';
import { ALLOW_VIEWER, IS_PUBLIC, ROLES, type AuthenticatedRequest } from './auth.decorators';
import { bearerToken, isSessionClaims, VERIFY_OPTIONS, type SessionClaims } from './session-token';
import { VerifiedTokenCache } from './verified-token-cache';

/** Methods that read. Everything else (POST, PUT, PATCH, DELETE, anything new) is a mutation. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Controllers that stay open without a token: the probes Railway and Prometheus call. Matched on
 * the controller's *declared* path, never on the request's path (Express routes case-insensitively,
 * so `/API/toggles` reaches the `api/toggles` controller).
 */
export const OPEN_CONTROLLER_PATHS: readonly string[] = ['health', 'metrics'];

export { ACCOUNT_CACHE_MS };

function isOpenProbe(controller: object): boolean {
  const declared = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
  const paths = Array.isArray(declared) ? declared : [declared ?? ''];
  return paths.every((path) => OPEN_CONTROLLER_PATHS.includes(path.replace(/^\/+|\/+$/g, '')));
}

/**
 * The global guard (APP_GUARD). Deny by default:
 * - every route needs a valid bearer token of an enabled account, unless it is `@Public()` or its
 *   controller is a probe listed in OPEN_CONTROLLER_PATHS;
 * - every method but GET/HEAD/OPTIONS needs the operator role, unless `@AllowViewer()`;
 * - `@Roles(...)` narrows any route further.
 * A route added later is therefore token-protected and operator-only for mutations without anyone
 * remembering to say so.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Signature checks already done (the account is still checked on every request). */
  private readonly verified = new VerifiedTokenCache();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: AdminUsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (isOpenProbe(context.getClass())) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedException('missing bearer token');
    let claims: SessionClaims | undefined = this.verified.get(token);
    if (!claims) {
      let verified: unknown;
      try {
        verified = await this.jwt.verifyAsync(token, VERIFY_OPTIONS);
      } catch {
        throw new UnauthorizedException('invalid or expired token');
      }
      if (!isSessionClaims(verified)) throw new UnauthorizedException('invalid or expired token');
      claims = verified;
      this.verified.set(token, claims);
    }
    const user = await this.accounts.findActiveCached(claims.sub);
    if (!user) {
      this.verified.deleteSubject(claims.sub);
      throw new UnauthorizedException('account disabled or removed');
    }
    // A password change bumps the account's session version: earlier tokens are refused.
    if ((claims.sv ?? 0) !== user.sessionVersion) {
      this.verified.delete(token);
      throw new UnauthorizedException('session revoked (the password was changed); sign in again');
    }
    req.user = { id: user.id, email: user.email, role: user.role };

    const roles = this.reflector.getAllAndOverride<AdminRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role))
      throw new ForbiddenException(`this needs the ${roles.join(' or ')} role`);
    if (
      !SAFE_METHODS.has(req.method.toUpperCase()) &&
      user.role !== 'operator' &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_VIEWER, targets)
    )
      throw new ForbiddenException('this action needs the operator role');
    return true;
  }
}
