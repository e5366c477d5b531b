import type { DataSource } from 'typeorm';
import type { AuditActor } from '../../src/audit/audit-actor';
import { AuditService } from '../../src/audit/audit.service';
import { AuditedMutation } from '../../src/audit/audited-mutation';
import { createDataSource } from '../../src/infra/database/data-source';
import { createMigratedDatabase } from '../support/database';

/** The one way a service changes something on an operator's behalf, against real PostgreSQL. */
describe('AuditedMutation', () => {
  let dataSource: DataSource;
  let mutation: AuditedMutation;
  const actor: AuditActor = {
    email: 'ops@example.com',
    ip: '127.0.0.1',
    requestId: 'r-1',
    correlationId: null,
  };
  /** audit_event is append-only: each test reads the events written since it began. */
  let since = '0';
  const events = async () =>
    (await dataSource.query(`SELECT action, after FROM audit_event WHERE id > $1 ORDER BY id`, [
      since,
    ])) as {
      action: string;
      after: Record<string, unknown>;
    }[];
  const toggle = async () =>
    (await dataSource.query(`SELECT enabled FROM toggle WHERE key = 'scheduler_enabled'`))[0]
      ?.enabled;

  beforeAll(async () => {
    dataSource = await createDataSource(await createMigratedDatabase('audited'), {
      poolSize: 4,
    }).initialize();
    mutation = new AuditedMutation(dataSource, new AuditService(dataSource));
  });
  afterAll(() => dataSource.destroy());
  beforeEach(async () => {
    since = (await dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_event`))[0]
      .id;
    await dataSource.query(
      `INSERT INTO toggle (key, enabled, updated_at) VALUES ('scheduler_enabled', true, now())
       ON CONFLICT (key) DO UPDATE SET enabled = true`,
    );
  });

  const flip = (manager: { query: (sql: string) => Promise<unknown> }) =>
    manager.query(`UPDATE toggle SET enabled = false WHERE key = 'scheduler_enabled'`);

  it('change: the change and its one event commit together', async () => {
    await mutation.change(actor, async ({ manager, record }) => {
      await flip(manager);
      await record({ action: 'test.change', reason: 'drill' });
    });
    expect(await toggle()).toBe(false);
    expect((await events()).map((e) => e.action)).toEqual(['test.change']);
  });

  it.each([
    ['no event', 0],
    ['two events', 2],
  ])('change: a change recording %s is rolled back, change and events alike', async (_, n) => {
    await expect(
      mutation.change(actor, async ({ manager, record }) => {
        await flip(manager);
        for (let i = 0; i < n; i++) await record({ action: 'test.change', reason: 'drill' });
      }),
    ).rejects.toThrow(/exactly one event/);
    expect(await toggle()).toBe(true);
    expect(await events()).toEqual([]);
  });

  it('effect: no audit event, no effect', async () => {
    let called = false;
    await expect(
      mutation.effect(
        actor,
        { action: 'test.effect', reason: '   ' }, // refused: a change without a reason is a bug
        { effect: async () => (called = true), outcome: () => ({ ok: true }) },
      ),
    ).rejects.toThrow(/no reason/);
    expect(called).toBe(false);
    expect(await events()).toEqual([]);
  });

  it('effect: the event commits before the effect, and the outcome follows, failed or not', async () => {
    const seenDuringEffect: string[] = [];
    await mutation.effect(
      actor,
      { action: 'test.effect', reason: 'drill' },
      {
        effect: async () => {
          seenDuringEffect.push(...(await events()).map((e) => e.action));
          return 3;
        },
        outcome: (n) => ({ ok: true, n }),
      },
    );
    expect(seenDuringEffect).toEqual(['test.effect']);
    await expect(
      mutation.effect(
        actor,
        { action: 'test.effect', reason: 'drill' },
        {
          effect: async () => {
            throw new Error('broker said no');
          },
          outcome: () => ({ ok: true }),
        },
      ),
    ).rejects.toThrow('broker said no');
    expect(await events()).toEqual([
      { action: 'test.effect', after: null },
      { action: 'test.effect.outcome', after: { ok: true, n: 3 } },
      { action: 'test.effect', after: null },
      { action: 'test.effect.outcome', after: { ok: false, error: 'broker said no' } },
    ]);
  });
});
