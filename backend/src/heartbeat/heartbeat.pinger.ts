import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { LifecycleService } from '../infra/lifecycle/lifecycle.service';
import { DAILY_RUN_CRON } from '../scheduling/scheduling.constants';
import { HeartbeatClient } from './heartbeat.client';

/** The first liveness ping after boot, so the check hears a new worker without a full interval. */
export const FIRST_BEAT_DELAY_MS = 1_000;

/**
 * The liveness half of the dead man's switch: every HEARTBEAT_INTERVAL_SECONDS, while this worker
 * is healthy — not shutting down, the database answering, the daily-run cron registered (what
 * /health/ready checks) — it pings HEARTBEAT_URL. An unhealthy worker stays silent, so the external
 * check alerts when no worker is healthy, not merely when none is running.
 */
@Injectable()
export class HeartbeatPinger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HeartbeatPinger.name);
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly client: HeartbeatClient,
    private readonly lifecycle: LifecycleService,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.client.enabled) return;
    this.timer = setInterval(() => void this.beat(), this.config.heartbeat.intervalSeconds * 1000);
    // The first beat once boot has finished (the cron registers in its own bootstrap hook); the
    // timers never keep a process alive that is otherwise done.
    this.first = setTimeout(() => void this.beat(), FIRST_BEAT_DELAY_MS);
    this.timer.unref();
    this.first.unref();
  }

  beforeApplicationShutdown(): Promise<unknown> | undefined {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    this.timer = this.first = null;
    return this.inFlight?.catch(() => undefined);
  }

  /** One liveness ping when healthy; resolves to whether one was sent and accepted. */
  async beat(): Promise<boolean> {
    if (this.inFlight) return false;
    const attempt = (async () => {
      const unhealthy = await this.unhealthyReason();
      if (unhealthy) {
        this.logger.warn(`heartbeat withheld: ${unhealthy}`);
        return false;
      }
      return this.client.ping('ok');
    })();
    this.inFlight = attempt.finally(() => (this.inFlight = null));
    return attempt;
  }

  private async unhealthyReason(): Promise<string | null> {
    if (this.lifecycle.shuttingDown) return 'shutting down';
    const registry = this.moduleRef.get(SchedulerRegistry, { strict: false });
    if (!registry.doesExist('cron', DAILY_RUN_CRON)) return 'daily-run cron not registered';
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 3_000).unref()),
      ]);
      return null;
    } catch (error) {
      return `database unreachable (${error instanceof Error ? error.message.slice(0, 100) : 'error'})`;
    }
  }
}
