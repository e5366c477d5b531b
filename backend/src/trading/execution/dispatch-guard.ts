import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../infra/config/app-config';
import type { DispatchCheck } from '../broker/broker.types';
import { errorText } from '../../infra/error-text';

/** The kill switch (toggle or TRADING_ENABLED) was off when the order's turn came: nothing was sent. */
export class TradingHalted extends Error {
  override readonly name = 'TradingHalted';
}

/** This process could not confirm it still owns the run: nothing was sent. */
export class OwnershipLost extends Error {
  override readonly name = 'OwnershipLost';
}

/**
 * The last check before an order goes on the wire, as one database transaction per order:
 *
 * 1. the kill switch row is read FOR SHARE, so trading must be on, and a flip (an UPDATE of that
 *    row) cannot commit until this order has been answered: no order leaves after a flip commits;
 * 2. the run's ledger row is read FOR SHARE, so this process must still own the run, the run must
 *    still be `running`, and its heartbeat must be fresh (younger than half of
 *    RUN_STALE_AFTER_SECONDS): a process whose heartbeat writes fail stops sending long before
 *    another one may take the run over, and a takeover cannot commit while an order is in flight.
 *
 * The locks are released when the broker answers (the release the transport calls). Any failure to
 * confirm — the database unreachable included — refuses the order.
 */
@Injectable()
export class DispatchGuard {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  forRun(run: { id: string; owner: string }): DispatchCheck {
    const freshSeconds = this.config.run.staleAfterSeconds / 2;
    return async () => {
      if (!this.config.trading.enabled)
        throw new TradingHalted('trading disabled by TRADING_ENABLED=false');
      const runner = this.dataSource.createQueryRunner();
      let open = false;
      try {
        await runner.connect();
        await runner.startTransaction();
        open = true;
        const rows: { trading: boolean | null; owned: boolean | null }[] = await runner.query(
          `WITH kill AS (SELECT enabled FROM toggle WHERE key = 'trading_enabled' FOR SHARE),
                mine AS (SELECT heartbeat_at > now() - make_interval(secs => $3) AS fresh
                           FROM job_run WHERE id = $1 AND owner = $2 AND status = 'running' FOR SHARE)
           SELECT (SELECT enabled FROM kill) AS trading, (SELECT fresh FROM mine) AS owned`,
          [run.id, run.owner, freshSeconds],
        );
        const { trading, owned } = rows[0] ?? { trading: null, owned: null };
        if (trading !== true) throw new TradingHalted('trading disabled by the kill switch');
        if (owned !== true)
          throw new OwnershipLost(
            owned === false
              ? `heartbeat of run ${run.id} not confirmed for ${freshSeconds} s`
              : `run ${run.id} is no longer running in this process`,
          );
      } catch (error) {
        if (open) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release().catch(() => undefined);
        if (error instanceof TradingHalted || error instanceof OwnershipLost) throw error;
        throw new OwnershipLost(
          `could not confirm the kill switch and ownership: ${errorText(error)}`,
        );
      }
      return async () => {
        await runner.commitTransaction().catch(() => undefined);
        await runner.release().catch(() => undefined);
      };
    };
  }
}
