import { DailyRunService } from '../trading/daily-run.service';
import { ExitCode, type Command } from './command';
import { withTradingContext } from './cli-context';

export const runCommand: Command = {
  name: 'run',
  summary:
    "attempt today's run once, through the same gate and ledger (exit 0 succeeded, 1 failed, 2 skipped)",
  usage: 'openbell run [--dry-run] [--reason TEXT]',
  options: { 'dry-run': { type: 'boolean' }, reason: { type: 'string' } },
  async run(values, ctx) {
    return withTradingContext(ctx, async (app) => {
      const outcome = await app.get(DailyRunService).attempt({
        trigger: 'cli',
        dryRun: values['dry-run'] === true,
        requestedBy: 'cli',
        reason: typeof values.reason === 'string' ? values.reason : null,
      });
      const run = outcome.run;
      ctx.out(`${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''}`);
      if (run) ctx.out(`run ${run.id} · ${run.job} · ${run.tradingDay} · attempt ${run.attempt}`);
      if (run?.summary) ctx.out(JSON.stringify(run.summary));
      // A partial run (orders rejected or left open) is not ok: exit 1, like a failed one.
      return outcome.status === 'succeeded'
        ? ExitCode.ok
        : outcome.status === 'skipped'
          ? ExitCode.skipped
          : ExitCode.failed;
    });
  },
};
