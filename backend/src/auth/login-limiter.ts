import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from '../infra/rate-limiter';
import { RetryLaterException } from '../infra/http/retry-later.exception';
import { AlertsService } from '../alerts/alerts.service';
import { normaliseEmail } from './admin-users.service';

/** Failed logins per (email, client) per minute before that pair is refused. */
export const FAILURES_PER_EMAIL_AND_CLIENT = 5;
/**
 * Failed logins per email per minute, from all clients, beyond which the email is "under attack":
 * clients with a recent failure are refused for it; a client without one still gets its answer.
 */
export const EMAIL_CEILING_PER_MINUTE = 10;
/** How long a client's failure counts as "recent". */
export const RECENT_FAILURE_SECONDS = 15 * 60;
/** Failed or refused logins, all emails and clients, within 10 minutes that raise `login_attack`. */
export const ATTACK_THRESHOLD = 30;

/**
 * Login limits besides the per-client throttle (LoginThrottlerGuard: 20 attempts a minute per
 * client address), built so that an attacker can never lock an operator out of their own account:
 *
 * - per (email, client): 5 failures a minute → that pair waits (429);
 * - per email: over 10 failures a minute, clients that failed recently (any email, 15 minutes) are
 *   refused for that email; a client without recent failures is still verified, so the owner's
 *   correct password from a fresh address always works;
 * - a sustained attack (30 failed or refused logins in 10 minutes) raises a `login_attack` alert,
 *   at most once an hour (dedup key from the server's clock, never from the request).
 *
 * In process memory (rate-limiter-flexible's RateLimiterMemory): per replica, reset by a restart.
 */
@Injectable()
export class LoginLimiter {
  private readonly logger = new Logger(LoginLimiter.name);
  private readonly byEmailAndClient = new RateLimiterMemory({
    keyPrefix: 'login-pair',
    points: FAILURES_PER_EMAIL_AND_CLIENT,
    duration: 60,
  });
  private readonly byEmail = new RateLimiterMemory({
    keyPrefix: 'login-email',
    points: EMAIL_CEILING_PER_MINUTE,
    duration: 60,
  });
  private readonly clientFailures = new RateLimiterMemory({
    keyPrefix: 'login-client-failures',
    points: Number.MAX_SAFE_INTEGER,
    duration: RECENT_FAILURE_SECONDS,
  });
  private readonly attack = new RateLimiterMemory({
    keyPrefix: 'login-attack',
    points: ATTACK_THRESHOLD,
    duration: 600,
  });

  constructor(private readonly alerts: AlertsService) {}

  /** Before verifying: throws a 429 when this attempt must not be verified. */
  async admit(email: string, client: string): Promise<void> {
    const account = normaliseEmail(email);
    const pair = await this.byEmailAndClient.get(`${account}|${client}`);
    if (pair && pair.consumedPoints >= FAILURES_PER_EMAIL_AND_CLIENT)
      return this.refuse(pair.msBeforeNext);
    const perEmail = await this.byEmail.get(account);
    if (perEmail && perEmail.consumedPoints >= EMAIL_CEILING_PER_MINUTE) {
      const recent = await this.clientFailures.get(client);
      if (recent && recent.consumedPoints > 0) return this.refuse(perEmail.msBeforeNext);
    }
  }

  async failed(email: string, client: string): Promise<void> {
    const account = normaliseEmail(email);
    await Promise.all([
      this.byEmailAndClient.penalty(`${account}|${client}`),
      this.byEmail.penalty(account),
      this.clientFailures.penalty(client),
    ]);
    await this.countTowardsAttack();
  }

  /** A correct password clears that pair's failures (the owner mistyped a few times). */
  async succeeded(email: string, client: string): Promise<void> {
    await this.byEmailAndClient.delete(`${normaliseEmail(email)}|${client}`);
  }

  private async refuse(msBeforeNext: number): Promise<never> {
    await this.countTowardsAttack();
    throw new RetryLaterException('too many login attempts; try again later', msBeforeNext / 1000);
  }

  private async countTowardsAttack(): Promise<void> {
    try {
      await this.attack.consume('all');
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (rejection.consumedPoints !== ATTACK_THRESHOLD + 1) return;
      const hour = new Date().toISOString().slice(0, 13);
      await this.alerts
        .raise({
          kind: 'login_attack',
          dedupKey: `login_attack:${hour}`,
          severity: 'critical',
          tradingDay: null,
          summary: `Sustained login attack: more than ${ATTACK_THRESHOLD} failed or refused sign-ins in 10 minutes. Owners can still sign in from a client without recent failures.`,
          details: { threshold: ATTACK_THRESHOLD, windowMinutes: 10 },
        })
        .catch((error: unknown) =>
          this.logger.error({ err: error }, 'login_attack alert could not be recorded'),
        );
    }
  }
}
