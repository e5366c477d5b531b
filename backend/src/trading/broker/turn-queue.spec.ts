import fc from 'fast-check';
import { TurnQueue } from './turn-queue';

describe('TurnQueue', () => {
  it('an idle queue starts a turn at once (same tick chain, no timer)', async () => {
    const queue = new TurnQueue();
    let ran = false;
    const done = queue.run(1, async () => {
      ran = true;
    });
    await Promise.resolve();
    expect(ran).toBe(true);
    await done;
  });

  it('one turn at a time; waiting turns go most urgent first, then in arrival order (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.boolean()), {
          minLength: 1,
          maxLength: 30,
        }),
        async (requests) => {
          const queue = new TurnQueue();
          let running = 0;
          const started: { priority: number; index: number; waitingBefore: number[] }[] = [];
          // The first turn holds the queue while every other request arrives, so the order of the
          // rest is the queue's choice alone.
          let release!: () => void;
          const held = new Promise<void>((r) => (release = r));
          const first = queue.run(0, () => held);
          const pending = new Map<number, number>();
          const turns = requests.map(([priority, failing], index) => {
            pending.set(index, priority);
            return queue
              .run(priority, async () => {
                running++;
                expect(running).toBe(1);
                pending.delete(index);
                started.push({ priority, index, waitingBefore: [...pending.values()] });
                await Promise.resolve();
                running--;
                if (failing) throw new Error(`turn ${index} failed`);
              })
              .catch(() => undefined);
          });
          release();
          await Promise.all([first, ...turns]);
          expect(started).toHaveLength(requests.length);
          for (const turn of started) {
            // Nothing more urgent was still waiting when this turn started.
            expect(turn.waitingBefore.every((p) => p >= turn.priority)).toBe(true);
          }
          // Within a priority, arrival order.
          for (let p = 1; p <= 6; p++) {
            const order = started.filter((t) => t.priority === p).map((t) => t.index);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
          expect(queue.size).toBe(0);
        },
      ),
      { seed: 1616, numRuns: 200 },
    );
  });
});
