import {
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { AlertDeliveryRepository, type ClaimedDelivery } from './alert-delivery.repository';
import { channelRequest, sendChannelRequest } from './alert-channels';
import { errorText } from '../infra/error-text';

export interface DeliveryPolicy {
  /** How often the outbox is polled for due rows. */
  pollMs: number;
  /** First retry delay; doubles per attempt (with ±20 % jitter) up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** After this many attempts the row is `failed` (kept, shown by GET /api/alerts). */
  maxAttempts: number;
  /** Per request. */
  timeoutMs: number;
  /** A claimed row is not due again for this long (longer than any send can take). */
  leaseSeconds: number;
  batchSize: number;
}

/** ~3 h of retries (5 s, 10 s, … capped at 10 min) before a delivery is given up. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  pollMs: 1_000,
  baseBackoffMs: 5_000,
  maxBackoffMs: 10 * 60_000,
  maxAttempts: 25,
  timeoutMs: 5_000,
  leaseSeconds: 60,
  batchSize: 20,
};

export function backoffMs(attempts: number, policy: DeliveryPolicy, random = Math.random): number {
  const exponential = policy.baseBackoffMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxBackoffMs, exponential);
  return Math.round(capped * (0.8 + 0.4 * random()));
}

/**
 * Sends the alert outbox (worker and all roles): polls for due deliveries, sends each to its
 * channel, records sent / retry-with-backoff / failed. Replica-safe through the claim in the
 * database; at-least-once (a crash between a send and its record re-sends after the lease; the
 * generic webhook carries an Idempotency-Key for that case).
 */
@Injectable()
export class AlertDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertDelivery');
  /** Tests shorten these; production uses the defaults. */
  policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY };
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private stopped = false;
  private pollFailingSince: number | null = null;

  constructor(
    private readonly outbox: AlertDeliveryRepository,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsScheduler) return;
    this.schedule(0);
  }

  /** Before the database closes (TypeORM closes it in onApplicationShutdown): stop and wait. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.deliverDue()
        .then(() => {
          if (this.pollFailingSince !== null)
            this.logger.log(
              `outbox reachable again after ${Math.round((Date.now() - this.pollFailingSince) / 1000)} s`,
            );
          this.pollFailingSince = null;
        })
        .catch((error: unknown) => {
          // Once per outage, not once a second: the database being down shows on /health/ready.
          if (this.pollFailingSince === null)
            this.logger.warn(
              `outbox poll failed (retrying every ${this.policy.pollMs} ms): ${errorText(error)}`,
            );
          this.pollFailingSince ??= Date.now();
        })
        .finally(() => this.schedule(this.policy.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  /** One pass: claims due rows and sends them (concurrently); returns how many were claimed. */
  deliverDue(): Promise<number> {
    this.draining ??= (async () => {
      try {
        const claimed = await this.outbox.claimDue(this.policy.batchSize, this.policy.leaseSeconds);
        await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
        return claimed.length;
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const request = channelRequest(delivery.channel, delivery.alert, this.config.alerts);
    const error = request
      ? await sendChannelRequest(delivery.channel, request, this.policy.timeoutMs)
      : `${delivery.channel} is no longer configured`;
    const label = `${delivery.alert.kind} ${delivery.alert.id} → ${delivery.channel}`;
    if (!error) {
      await this.outbox.markSent(delivery.id);
      this.metrics?.alertDelivery(delivery.channel, 'sent');
      this.logger.log(`alert delivered: ${label} (attempt ${delivery.attempts})`);
      return;
    }
    const giveUp = !request || delivery.attempts >= this.policy.maxAttempts;
    const retryIn = giveUp ? null : backoffMs(delivery.attempts, this.policy);
    await this.outbox.markFailedAttempt(delivery.id, error, retryIn);
    this.metrics?.alertDelivery(delivery.channel, giveUp ? 'failed' : 'retry');
    if (giveUp)
      this.logger.error(
        `alert delivery given up after ${delivery.attempts} attempt(s): ${label}: ${error}`,
      );
    else
      this.logger.warn(
        `alert delivery failed (attempt ${delivery.attempts}, retry in ${Math.round(retryIn! / 1000)} s): ${label}: ${error}`,
      );
  }
}
