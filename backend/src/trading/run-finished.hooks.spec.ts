import { RunFinishedHooks, type FinishedRun } from './run-finished.hooks';

const finished = (id: string): FinishedRun => ({
  run: { id, job: 'daily-rebalance', tradingDay: '2026-11-23' },
  outcome: { status: 'succeeded', dryRun: false },
  orders: [],
});

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('RunFinishedHooks', () => {
  it('fire returns before the hooks finish; settled waits for them, in registration order', async () => {
    const hooks = new RunFinishedHooks();
    const seen: string[] = [];
    const first = gate();
    hooks.register('slow', async ({ run }) => {
      await first.opened;
      seen.push(`slow ${run.id}`);
    });
    hooks.register('next', async ({ run }) => {
      seen.push(`next ${run.id}`);
    });
    hooks.fire(finished('r1'));
    let settled = false;
    const waiting = hooks.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(seen).toEqual([]);
    expect(settled).toBe(false);
    first.open();
    await waiting;
    expect(seen).toEqual(['slow r1', 'next r1']);
  });

  it('a failing hook is logged and the next one still runs; settled also covers runs fired meanwhile', async () => {
    const hooks = new RunFinishedHooks();
    const seen: string[] = [];
    const release = gate();
    hooks.register('fails', () => Promise.reject(new Error('broker down')));
    hooks.register('records', async ({ run }) => {
      if (run.id === 'r1') await release.opened;
      seen.push(run.id);
    });
    hooks.fire(finished('r1'));
    const waiting = hooks.settled();
    hooks.fire(finished('r2'));
    release.open();
    await waiting;
    expect(seen.sort()).toEqual(['r1', 'r2']);
  });
});
