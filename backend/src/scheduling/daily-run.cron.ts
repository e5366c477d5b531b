import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { HeartbeatClient, signalForAttempt } from '../heartbeat/heartbeat.client';
import { AppConfig } from '../infra/config/app-config';
import { RunAttempter } from './run-attempter';
import { DAILY_RUN_CRON } from './scheduling.constants';

/**
 * Registers the TRADING_CRON job. The handler only asks for an attempt; whether a run happens
 * (market gate, ledger, toggles) is decided by the run service, in the database — not here.
 */
@Injectable()
export class DailyRunCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DailyRunCron.name);
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly runs: RunAttempter,
    private readonly heartbeat: HeartbeatClient,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.trading.cron,
      timeZone: this.config.trading.cronTimeZone,
      onTick: () => void this.tick(),
      start: false,
    });
    this.registry.addCronJob(DAILY_RUN_CRON, job);
    job.start();
    this.logger.log(
      `daily run scheduled: "${this.config.trading.cron}" (${this.config.trading.cronTimeZone}), next ${job.nextDate().toISO()}`,
    );
    // Catch up after a restart inside the window; in the background so readiness isn't held up.
    this.inFlight = this.runs
      .catchUp()
      .catch((error: unknown) => this.logger.error(`catch-up at boot failed: ${String(error)}`))
      .finally(() => (this.inFlight = null));
  }

  /** Resolves once no attempt of this process is in flight (the catch-up at boot included). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  /**
   * Lets an attempt in progress finish before the database closes (TypeORM closes it in
   * onApplicationShutdown); past SHUTDOWN_TIMEOUT_MS the process exits anyway and the next trigger
   * takes the run over once its heartbeat is stale.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * One attempt at a time in this process; other replicas are kept out by the ledger. Its outcome
   * goes to the dead man's switch (HEARTBEAT_URL): `/fail` when the attempt failed or threw.
   */
  async tick(): Promise<void> {
    if (this.inFlight) {
      this.logger.warn(
        'cron fired while the previous attempt is still running; skipped in this process',
      );
      return;
    }
    this.inFlight = this.runs
      .attempt('cron')
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'scheduled run attempt failed');
        return error instanceof Error ? error : new Error(String(error));
      })
      .then((outcome) => {
        const { signal, detail } = signalForAttempt(outcome);
        return this.heartbeat.ping(signal, detail);
      })
      .finally(() => (this.inFlight = null));
    await this.inFlight;
  }
}
