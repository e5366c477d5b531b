import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { normaliseEmail } from './admin-users.service';

/** The email a login attempt is for, as accounts are stored (body not validated yet: guards run first). */
export function loginEmail(req: Request): string {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? normaliseEmail(email).slice(0, 254) : '';
}

/**
 * Login attempts per client address (password spraying), successful or not. The per-email limits
 * count failures only and never lock the owner out: LoginLimiter.
 */
export const LOGIN_THROTTLERS: ThrottlerModuleOptions = {
  throttlers: [{ name: 'ip', ttl: 60_000, limit: 20 }],
  errorMessage: 'too many login attempts; try again later',
};

/**
 * @nestjs/throttler's guard, answering 429 with a standard `Retry-After` (seconds) besides its
 * per-throttler `Retry-After-ip` header.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    const current = Number(res.getHeader('Retry-After') ?? 0);
    res.setHeader('Retry-After', String(Math.max(current, Math.ceil(detail.timeToBlockExpire))));
    return super.throwThrottlingException(context, detail);
  }
}
