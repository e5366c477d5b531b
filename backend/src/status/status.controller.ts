import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../infra/config/app-config';
import { MarketGateService } from '../market-gate/market-gate.service';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { nextAttempts } from '../scheduling/cron-schedule';
import { TogglesService } from '../toggles/toggles.service';
import { DAILY_JOB } from '../trading/daily-run.service';

/** One cheap read of everything the dashboard shows; the broker clock comes from a 15 s cache. */
@ApiTags('status')
@ApiBearerAuth()
@Controller('api/status')
export class StatusController {
  constructor(
    private readonly config: AppConfig,
    private readonly toggles: TogglesService,
    private readonly gate: MarketGateService,
    private readonly ledger: JobRunRepository,
  ) {}

  @Get()
  async status() {
    const [state, clock, lastRun] = await Promise.all([
      this.toggles.get(),
      this.gate.marketClock(),
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
      nextAttempt:
        nextAttempts(
          this.config.trading.cron,
          this.config.trading.cronTimeZone,
          new Date(),
          1,
        )[0]?.toISOString() ?? null,
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
