import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import type { Actor } from '../../src/auth/auth.decorators';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const VIEWER = { email: 'audit-viewer@example.com', password: 'Viewer-audit-reads' };
const ACTOR: Actor = {
  id: '00000000-0000-4000-8000-00000000000a',
  email: 'ops@example.com',
  role: 'operator',
  ip: '203.0.113.9',
  requestId: 'req-1',
  correlationId: null,
};

describe('audit trail', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let token: string;
  let audit: AuditService;
  let dataSource: DataSource;

  const count = async () =>
    (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM audit_event'))[0].n;
  const get = (path: string) => request(app.url).get(path).set('authorization', `Bearer ${token}`);

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    url = await createMigratedDatabase('audit');
    app = await bootTestApp(url, { APP_ROLE: 'web', ALPACA_BASE_URL: sandbox.url });
    await app.app.get(AdminUsersService).create(VIEWER.email, 'viewer', VIEWER.password);
    token = (await request(app.url).post('/api/auth/login').send(VIEWER).expect(200)).body
      .accessToken;
    audit = app.app.get(AuditService);
    dataSource = app.app.get(DataSource);
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox?.close();
  });

  it('records inside the change transaction, in both call forms', async () => {
    await dataSource.transaction(async (manager) => {
      await audit.record(manager, {
        actor: ACTOR,
        action: 'toggles.update',
        target: 'toggles',
        before: { tradingEnabled: true },
        after: { tradingEnabled: false },
        reason: '  fills look wrong  ',
      });
      await audit.record(manager, ACTOR, { action: 'run.manual', reason: 'rehearsal' });
      await audit.record(manager, {
        actor: 'cli@example.com',
        action: 'strategy.targets',
        reason: 'from a script',
        ip: null,
        requestId: 'script-7',
      });
    });
    expect(
      await query(
        url,
        'SELECT actor, action, target, before, after, reason, ip, request_id FROM audit_event ORDER BY id',
      ),
    ).toEqual([
      {
        actor: 'ops@example.com',
        action: 'toggles.update',
        target: 'toggles',
        before: { tradingEnabled: true },
        after: { tradingEnabled: false },
        reason: 'fills look wrong',
        ip: '203.0.113.9',
        request_id: 'req-1',
      },
      {
        actor: 'ops@example.com',
        action: 'run.manual',
        target: null,
        before: null,
        after: null,
        reason: 'rehearsal',
        ip: '203.0.113.9',
        request_id: 'req-1',
      },
      {
        actor: 'cli@example.com',
        action: 'strategy.targets',
        target: null,
        before: null,
        after: null,
        reason: 'from a script',
        ip: null,
        request_id: 'script-7',
      },
    ]);
  });

  it('refuses an event outside a transaction or without a reason; the change rolls back with it', async () => {
    const before = await count();
    await expect(
      audit.record(dataSource.manager, { actor: ACTOR, action: 'x.y', reason: 'r' }),
    ).rejects.toThrow(/inside the change's transaction/);
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE toggle SET updated_by = 'should-roll-back'`);
        await audit.record(manager, { actor: ACTOR, action: 'toggles.update', reason: '   ' });
      }),
    ).rejects.toThrow(/has no reason/);
    expect(await count()).toBe(before);
    expect(
      await query(
        url,
        `SELECT count(*)::int AS n FROM toggle WHERE updated_by = 'should-roll-back'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('pages newest first with opaque cursors, no gaps or repeats, and viewers may read it', async () => {
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < 12; i++)
        await audit.record(manager, {
          actor: i % 2 ? ACTOR : 'Other@Example.com',
          action: i % 3 ? 'orders.cancel_all' : 'toggles.update',
          reason: `bulk ${i}`,
        });
    });
    const all = await query<{ id: string }>(
      url,
      'SELECT id::text AS id FROM audit_event ORDER BY audit_event.at DESC, audit_event.id DESC',
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await get(
        `/api/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      for (const event of res.body.items) {
        expect(Object.keys(event).sort()).toEqual(
          [
            'action',
            'actor',
            'after',
            'at',
            'before',
            'correlationId',
            'id',
            'ip',
            'reason',
            'requestId',
            'target',
          ].sort(),
        );
        seen.push(event.id);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(all.map((r) => r.id));
    const first = await get('/api/audit').expect(200);
    expect(first.body.items[0].reason).toBe('bulk 11');
  });

  it('filters by action and by actor (case-insensitive), combined with paging', async () => {
    const byAction = await get('/api/audit?action=toggles.update&limit=200').expect(200);
    expect(byAction.body.items.length).toBeGreaterThan(0);
    expect(
      byAction.body.items.every((e: { action: string }) => e.action === 'toggles.update'),
    ).toBe(true);
    const byActor = await get('/api/audit?actor=OTHER@example.com&limit=2').expect(200);
    expect(byActor.body.items).toHaveLength(2);
    expect(
      byActor.body.items.every((e: { actor: string }) => e.actor === 'Other@Example.com'),
    ).toBe(true);
    const next = await get(
      `/api/audit?actor=other@example.com&limit=2&cursor=${byActor.body.nextCursor}`,
    ).expect(200);
    expect(next.body.items[0].id).not.toBe(byActor.body.items[1].id);
    const both = await get('/api/audit?actor=ops@example.com&action=run.manual').expect(200);
    expect(both.body.items.map((e: { reason: string }) => e.reason)).toEqual(['rehearsal']);
    const none = await get('/api/audit?action=nothing.here').expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses bad filters with a 400 naming them', async () => {
    for (const [path, message] of [
      ["/api/audit?action=' OR 1=1 --", /action must look like/],
      ['/api/audit?action=' + 'a'.repeat(65), /action must be shorter/],
      ['/api/audit?actor=<script>', /actor must be an email/],
      ['/api/audit?limit=0', /limit/],
      ['/api/audit?cursor=%7B%7D', /cursor/],
    ] as const) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });
});
