import { DailyRunService } from '../trading/daily-run.service';
import { ExitCode, type Command } from './command';
import { withTradingContext } from './cli-context';

export const planCommand: Command = {
  name: 'plan',
  summary: "print today's planned orders; submits nothing, records nothing",
  usage: 'openbell plan [--json]',
  options: { json: { type: 'boolean' } },
  async run(values, ctx) {
    return withTradingContext(ctx, async (app) => {
      const preview = await app.get(DailyRunService).preview();
      if (values.json) {
        ctx.out(JSON.stringify(preview, null, 2));
        return preview.error ? ExitCode.failed : ExitCode.ok;
      }
      ctx.out(
        `trading day ${preview.tradingDay ?? 'unknown'} · gate: ${preview.gate.decision} (${preview.gate.reason})`,
      );
      ctx.out(
        `mode: ${preview.mode}${preview.modeReason ? ` (${preview.modeReason})` : ''} · strategy: ${preview.strategy} · equity: ${preview.equity ?? '—'}`,
      );
      if (preview.error) {
        ctx.out(`cannot plan: ${preview.error}`);
        return ExitCode.failed;
      }
      const rows = preview.intents.map((i) => [
        i.side,
        i.symbol,
        i.notional ?? '',
        i.qty ?? '',
        i.status,
        i.riskNotes.map((n) => `${n.rule} ${n.action}: ${n.detail}`).join('; '),
      ]);
      const header = ['side', 'symbol', 'notional', 'qty', 'status', 'risk notes'];
      const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
      const line = (cells: string[]) =>
        cells
          .map((cell, c) => cell.padEnd(widths[c]))
          .join('  ')
          .trimEnd();
      ctx.out(line(header));
      rows.forEach((r) => ctx.out(line(r)));
      if (rows.length === 0) ctx.out('(no orders: the portfolio is on target)');
      for (const s of preview.skipped) ctx.out(`skipped ${s.symbol}: ${s.reason}`);
      return ExitCode.ok;
    });
  },
};
