import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AlpacaClient } from './alpaca.client';
import {
  BrokerBusyError,
  BrokerError,
  BrokerNetworkError,
  BrokerRateLimitedError,
  BrokerTimeoutError,
  BrokerUnauthorizedError,
} from './broker.errors';
import { RefreshingCache } from '../../infra/cache/refreshing-cache';

/** A probe result is reused this long, so probes cannot eat the broker's 200 requests/minute. */
export const BROKER_HEALTH_TTL_MS = 5_000;

/**
 * /health/broker: reachability, latency and account status, from one GET /v2/account (no retries).
 *
 * - up: reachable, account ACTIVE and able to trade.
 * - degraded (terminus keeps HTTP 200, overall status `degraded`): reachable, but the account
 *   cannot trade — trading or account blocked, trading suspended by the user, or not ACTIVE.
 * - down (HTTP 503): no usable answer (unreachable, timeout, 5xx, 401 …).
 *
 * Never part of readiness: a broker outage must not take the service out of rotation.
 */
/** What a probe answer may say about a failure: its kind, never the error's own text. */
export function brokerDownMessage(error: unknown): string {
  if (error instanceof BrokerTimeoutError) return 'broker timed out';
  if (error instanceof BrokerNetworkError) return 'broker unreachable';
  if (error instanceof BrokerUnauthorizedError) return 'broker refused the credentials';
  if (error instanceof BrokerRateLimitedError) return 'broker rate limit reached';
  if (error instanceof BrokerError && error.status) return `broker answered HTTP ${error.status}`;
  return 'broker unreachable';
}

@Injectable()
export class BrokerHealthIndicator {
  private readonly logger = new Logger('BrokerHealth');
  /** Concurrent probes share one broker request; a result under 5 s old is reused. */
  private readonly probes = new RefreshingCache((key: string) => this.probe(key), {
    freshMs: BROKER_HEALTH_TTL_MS,
    staleMs: BROKER_HEALTH_TTL_MS,
  });

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly alpaca: AlpacaClient,
  ) {}

  check(key = 'broker'): Promise<HealthIndicatorResult> {
    return this.probes.get(key);
  }

  private async probe(key: string): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    const started = performance.now();
    try {
      const account = await this.alpaca.getAccount({ maxRetries: 0 });
      const details = {
        latencyMs: Math.round(performance.now() - started),
        accountStatus: account.status,
        tradingBlocked: account.trading_blocked === true,
        accountBlocked: account.account_blocked === true,
        tradeSuspendedByUser: account.trade_suspended_by_user === true,
      };
      if (
        account.status !== 'ACTIVE' ||
        details.tradingBlocked ||
        details.accountBlocked ||
        details.tradeSuspendedByUser
      ) {
        return session.degraded({
          ...details,
          message: `broker reachable but the account cannot trade (status ${account.status}${details.tradingBlocked ? ', trading blocked' : ''}${details.accountBlocked ? ', account blocked' : ''}${details.tradeSuspendedByUser ? ', trading suspended by user' : ''})`,
        });
      }
      return session.up(details);
    } catch (error) {
      if (error instanceof BrokerBusyError)
        // Not asked, because the account's budget is the run's right now: busy, not down.
        return session.degraded({
          latencyMs: Math.round(performance.now() - started),
          message: 'broker not asked: the request budget is taken by the daily run',
        });
      // The answer says what is down; the driver's text (hosts, ports, bodies) goes to the log only.
      this.logger.warn({ err: error }, 'broker health probe failed');
      return session.down({
        latencyMs: Math.round(performance.now() - started),
        ...(error instanceof BrokerError ? { httpStatus: error.status ?? null } : {}),
        message: brokerDownMessage(error),
      });
    }
  }
}
