import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { errorText } from '../../infra/error-text';

/**
 * The account-wide request budget, shared by every process trading on one Alpaca account.
 * `take` answers 0 when the request may leave now (its slot is taken), else how long to wait
 * before asking again. Essential requests (orders, cancels, reconciliation, the run's own reads)
 * may use the whole budget; background reads go only after a quiet moment without essential ones.
 */
export interface BrokerBudget {
  take(essential: boolean): Promise<number>;
}

/** How long after the last essential request a background read may go. */
export const BACKGROUND_QUIET_MS = 2_000;

/**
 * The budget in PostgreSQL (broker_request_slot, one advisory-locked function call per request).
 * When the database cannot be asked, requests fall back to the process's own limiter (logged once
 * per outage): the broker keeps being reachable for reconciliation and cancels.
 */
export class PostgresBrokerBudget implements BrokerBudget {
  private readonly logger = new Logger(PostgresBrokerBudget.name);
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: {
      owner: string;
      /** Requests per window for the whole account (slack included by the caller). */
      capacity: number;
      windowMs: number;
      quietMs?: number;
    },
  ) {}

  async take(essential: boolean): Promise<number> {
    try {
      const rows: { wait: number }[] = await this.dataSource.query(
        `SELECT openbell_take_broker_slot($1, $2, $3, $4, $5) AS wait`,
        [
          this.options.owner,
          essential,
          this.options.capacity,
          Math.ceil(this.options.windowMs),
          this.options.quietMs ?? BACKGROUND_QUIET_MS,
        ],
      );
      if (this.failing) {
        this.failing = false;
        this.logger.log('shared broker budget reachable again');
      }
      return Math.max(0, Number(rows[0]?.wait ?? 0));
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(
          `shared broker budget unavailable, pacing by this process alone: ${errorText(error)}`,
        );
      }
      return 0;
    }
  }
}
