import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AdminUsersService, type AdminUser } from './admin-users.service';
import { ALLOW_VIEWER, IS_PUBLIC, type AuthenticatedRequest } from './auth.decorators';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const USER_CACHE_MS = 5_000;

/**
 * Global guard. Every /api route needs a valid bearer token unless marked @Public(); every
 * mutating method needs the operator role unless explicitly marked @AllowViewer(). A route added
 * later is therefore protected by default. A disabled account's token stops working within 5 s.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly users = new Map<string, { user: AdminUser | null; at: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: AdminUsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.path.startsWith('/api')) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException('missing bearer token');
    let claims: { sub: string };
    try {
      claims = await this.jwt.verifyAsync<{ sub: string }>(token);
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    const user = await this.user(claims.sub);
    if (!user) throw new UnauthorizedException('account disabled or removed');
    req.user = { id: user.id, email: user.email, role: user.role };
    if (
      MUTATING.has(req.method) &&
      user.role !== 'operator' &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_VIEWER, targets)
    ) {
      throw new ForbiddenException('this action needs the operator role');
    }
    return true;
  }

  private async user(id: string): Promise<AdminUser | null> {
    const cached = this.users.get(id);
    if (cached && Date.now() - cached.at < USER_CACHE_MS) return cached.user;
    const user = await this.accounts.findActive(id);
    this.users.set(id, { user, at: Date.now() });
    return user;
  }
}
