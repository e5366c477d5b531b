import { Injectable } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { MarketGateService } from '../market-gate/market-gate.service';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { nextAttempts } from '../scheduling/cron-schedule';
import { TogglesService } from '../toggles/toggles.service';
import { DAILY_JOB } from '../scheduling/scheduling.constants';
import { RefreshingCache } from '../infra/cache/refreshing-cache';

/** Everything the dashboard shows, in one cheap read; the broker clock comes from a 15 s cache. */
@Injectable()
export class StatusService {
  constructor(
    private readonly config: AppConfig,
    private readonly toggles: TogglesService,
    private readonly gate: MarketGateService,
    private readonly ledger: JobRunRepository,
  ) {
    toggles.changed.subscribe(() => this.cache.invalidate());
  }

  /**
   * A dashboard poll costs no query: the answer is shared and reused for a second, then served
   * for up to 5 s while one background refresh runs, so no request waits on the database once a
   * second (that wait was the endpoint's p99). A toggle change in this process invalidates it.
   */
  private readonly cache = new RefreshingCache(() => this.compute(), {
    freshMs: 1000,
    staleMs: 5000,
  });
  private nextAttempt: { at: string | null; computedFor: number } | null = null;

  status() {
    return this.cache.get();
  }

  private upcomingAttempt(): string | null {
    const now = Date.now();
    if (
      !this.nextAttempt ||
      (this.nextAttempt.at !== null && Date.parse(this.nextAttempt.at) <= now) ||
      now - this.nextAttempt.computedFor > 60_000
    ) {
      const next = nextAttempts(
        this.config.trading.cron,
        this.config.trading.cronTimeZone,
        new Date(now),
        1,
      )[0];
      this.nextAttempt = { at: next?.toISOString() ?? null, computedFor: now };
    }
    return this.nextAttempt.at;
  }

  private async compute() {
    const [state, clock, lastRun] = await Promise.all([
      this.toggles.get(),
      this.gate.getMarketClock(),
      this.ledger.latest(DAILY_JOB),
    ]);
    const effective = this.toggles.effective(state);
    return {
      trading: {
        mode: effective.mode,
        enabled: effective.enabled,
        reason: effective.reason,
        envCeiling: effective.envCeiling,
        toggle: effective.toggle,
      },
      scheduler: {
        enabled: state.schedulerEnabled,
        cron: this.config.trading.cron,
        timeZone: this.config.trading.cronTimeZone,
        windowMinutes: this.config.trading.windowMinutes,
      },
      nextAttempt: this.upcomingAttempt(),
      market: clock
        ? {
            isOpen: clock.is_open,
            timestamp: clock.timestamp,
            nextOpen: clock.next_open,
            nextClose: clock.next_close,
            fetchedAt: clock.fetchedAt,
          }
        : null,
      lastRun,
      strategy: this.config.strategy.name,
    };
  }
}
