import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from './alerts.service';
import type { BrokerRequestEvent } from '../trading/broker/alpaca.client';

/**
 * Raises broker_unreachable when the broker has failed every exchange (no answer, or 5xx) for a
 * sustained period — never on one blip. Any answer below 500 ends the episode. The watchdog's
 * once-a-minute clock read keeps traffic flowing in worker roles, so a quiet outage is seen too.
 */
@Injectable()
export class BrokerOutageMonitor {
  private readonly logger = new Logger('BrokerOutage');
  /** An outage is sustained after this long with at least `minFailures` failures and no success. */
  sustainedMs = 3 * 60_000;
  minFailures = 3;
  private episode: {
    startedAt: number;
    failures: number;
    raised: boolean;
    lastError: string;
  } | null = null;

  constructor(private readonly alerts: AlertsService) {}

  observe(event: BrokerRequestEvent): void {
    const failed = event.status === null || event.status >= 500;
    if (!failed) {
      if (this.episode?.raised)
        this.logger.log(
          `broker answering again after ${Math.round((Date.now() - this.episode.startedAt) / 1000)} s`,
        );
      this.episode = null;
      return;
    }
    const episode = (this.episode ??= {
      startedAt: Date.now(),
      failures: 0,
      raised: false,
      lastError: '',
    });
    episode.failures += 1;
    episode.lastError = `${event.method} ${event.route}: ${event.error ?? `HTTP ${event.status}`}`;
    if (
      episode.raised ||
      episode.failures < this.minFailures ||
      Date.now() - episode.startedAt < this.sustainedMs
    )
      return;
    episode.raised = true;
    const since = new Date(episode.startedAt).toISOString();
    this.alerts
      .raise({
        kind: 'broker_unreachable',
        // One per outage and hour, whichever replica notices first.
        dedupKey: `broker_unreachable:${since.slice(0, 13)}`,
        severity: 'critical',
        tradingDay: null,
        summary: `The broker has failed every request since ${since} (${episode.failures} failures; last ${episode.lastError}).`,
        details: { since, failures: episode.failures, lastError: episode.lastError },
      })
      .catch((error: unknown) => {
        episode.raised = false;
        this.logger.error(`could not raise broker_unreachable: ${String(error)}`);
      });
  }
}
