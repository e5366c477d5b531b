import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AlpacaClient } from './alpaca.client';

/** /health/broker: reachability, latency and account status. Never part of readiness. */
@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly alpaca: AlpacaClient,
  ) {}

  async check() {
    const session = this.indicators.check('broker');
    const started = performance.now();
    try {
      const account = await this.alpaca.getAccount();
      const latencyMs = Math.round(performance.now() - started);
      const details = {
        latencyMs,
        accountStatus: account.status,
        tradingBlocked: account.trading_blocked === true,
      };
      if (account.status !== 'ACTIVE' || account.trading_blocked || account.account_blocked) {
        return session.down({
          ...details,
          message: 'account cannot trade (blocked or not ACTIVE)',
        });
      }
      return session.up(details);
    } catch (error) {
      return session.down({
        latencyMs: Math.round(performance.now() - started),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
