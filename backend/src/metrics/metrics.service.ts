import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { BrokerRequestEvent } from '../trading/broker/alpaca.client';
import { errorText } from '../infra/error-text';

export type DeliveryResult = 'sent' | 'retry' | 'failed';

/** What a finished attempt at the daily run looked like, for the run metrics. */
export interface RunAttemptObservation {
  job: string;
  trigger: string;
  /** succeeded | failed | skipped, or `error` when the attempt threw before recording anything. */
  outcome: string;
  durationSeconds: number;
  /** Final order counts by status, when the attempt executed a run. */
  orderCounts?: Record<string, number>;
}

/**
 * The process's Prometheus registry (GET /metrics). One registry per application instance, so two
 * apps in one process (tests) never share or double-register metrics. Gauges that describe the
 * database (last successful run, outbox backlog) are read at scrape time, so every replica reports
 * the same truth, whichever role ran the job.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly runAttempts = new Counter({
    name: 'openbell_run_attempts_total',
    help: 'Attempts at a daily job, by trigger and outcome (succeeded, failed, skipped, error).',
    labelNames: ['job', 'trigger', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly runDuration = new Histogram({
    name: 'openbell_run_duration_seconds',
    help: 'Wall time of an attempt at a daily job, gate to finish.',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1200],
    registers: [this.registry],
  });
  private readonly orders = new Counter({
    name: 'openbell_orders_total',
    help: 'Orders of executed runs by final status (filled, rejected, simulated, …).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly brokerLatency = new Histogram({
    name: 'openbell_broker_request_duration_seconds',
    help: 'Broker HTTP exchanges by endpoint (route template) and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly brokerErrors = new Counter({
    name: 'openbell_broker_request_errors_total',
    help: 'Failed broker exchanges by endpoint and kind (timeout, network, rate-limited, server-error, rejected).',
    labelNames: ['method', 'route', 'error'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitWait = new Counter({
    name: 'openbell_broker_rate_limit_wait_seconds_total',
    help: 'Time requests waited for the client-side rate limiter or a 429 pause before leaving.',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitedWaits = new Counter({
    name: 'openbell_broker_rate_limit_waits_total',
    help: 'Requests that had to wait for the rate limiter (more than 1 ms).',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  private readonly alertsRaised = new Counter({
    name: 'openbell_alerts_raised_total',
    help: 'New alerts recorded (after de-duplication), by kind and severity.',
    labelNames: ['kind', 'severity'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'openbell_alert_deliveries_total',
    help: 'Alert delivery attempts by channel and result (sent, retry, failed = gave up).',
    labelNames: ['channel', 'result'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'openbell_' });
    const lastSuccess: Gauge<'job'> = new Gauge({
      name: 'openbell_last_successful_run_timestamp_seconds',
      help: 'When the last successful run of each job finished (unix seconds), from the run ledger.',
      labelNames: ['job'] as const,
      registers: [this.registry],
      collect: async () => {
        const rows = await this.read<{ job: string; at: number }>(
          `SELECT job, extract(epoch FROM max(finished_at))::float8 AS at FROM job_run WHERE status = 'succeeded' GROUP BY job`,
        );
        lastSuccess.reset();
        for (const row of rows) lastSuccess.set({ job: row.job }, row.at);
      },
    });
    const outbox: Gauge<'channel' | 'status'> = new Gauge({
      name: 'openbell_alert_outbox',
      help: 'Alert deliveries in the outbox by channel and status (pending = not yet delivered).',
      labelNames: ['channel', 'status'] as const,
      registers: [this.registry],
      collect: async () => {
        const rows = await this.read<{ channel: string; status: string; n: number }>(
          `SELECT channel, status, count(*)::int AS n FROM alert_delivery WHERE status <> 'sent' GROUP BY channel, status`,
        );
        outbox.reset();
        for (const row of rows) outbox.set({ channel: row.channel, status: row.status }, row.n);
      },
    });
  }

  /** Scrape-time reads never fail the scrape: a database outage shows on /health, not as a 500 here. */
  private async read<T>(sql: string): Promise<T[]> {
    try {
      return (await this.dataSource.query(sql)) as T[];
    } catch (error) {
      this.logger.warn(`metrics read failed: ${errorText(error)}`);
      return [];
    }
  }

  runAttempted(observation: RunAttemptObservation): void {
    const { job, trigger, outcome } = observation;
    this.runAttempts.inc({ job, trigger, outcome });
    this.runDuration.observe({ job, outcome }, observation.durationSeconds);
    for (const [status, count] of Object.entries(observation.orderCounts ?? {}))
      if (count > 0) this.orders.inc({ status }, count);
  }

  brokerRequest(event: BrokerRequestEvent): void {
    const status = event.status === null ? 'none' : `${Math.floor(event.status / 100)}xx`;
    this.brokerLatency.observe(
      { method: event.method, route: event.route, status },
      event.durationMs / 1000,
    );
    if (event.error)
      this.brokerErrors.inc({ method: event.method, route: event.route, error: event.error });
    if (event.queuedMs > 1) {
      this.rateLimitWait.inc({ route: event.route }, event.queuedMs / 1000);
      this.rateLimitedWaits.inc({ route: event.route });
    }
  }

  alertRaised(kind: string, severity: string): void {
    this.alertsRaised.inc({ kind, severity });
  }

  alertDelivery(channel: string, result: DeliveryResult): void {
    this.deliveries.inc({ channel, result });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
