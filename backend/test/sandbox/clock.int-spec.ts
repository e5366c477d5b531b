import { expectMatchesSpec } from '../support/alpaca-contract';
import { order, sandboxPerTest } from '../support/sandbox-http';

describe('sandbox clock and modes', () => {
  const box = sandboxPerTest();
  const { start } = box;

  it('runs a settable clock: fixed instant, offset from the host, or the host clock', async () => {
    const http = await start();
    expect((await http.get('/v2/clock')).body.timestamp).toBe('2026-11-23T10:00:00.000-05:00');
    box.sandbox.control.setClock({ offsetMs: -3_600_000 });
    const offset = Date.parse((await http.get('/v2/clock')).body.timestamp);
    expect(Math.abs(offset - (Date.now() - 3_600_000))).toBeLessThan(1000);
    box.sandbox.control.setClock({});
    const host = Date.parse((await http.get('/v2/clock')).body.timestamp);
    expect(Math.abs(host - Date.now())).toBeLessThan(1000);
    expect(() => box.sandbox.control.setClock({ at: 'yesterday' })).toThrow(
      /invalid sandbox clock/,
    );
  });

  it('always-open mode: open on a Saturday, today’s session opened a minute before first asked', async () => {
    const http = await start({ mode: 'always-open', clock: { at: '2026-11-28T20:00:00Z' } });
    const clock = (await http.get('/v2/clock')).body;
    expectMatchesSpec('/v2/clock', 'get', clock);
    expect(clock).toMatchObject({ is_open: true, next_close: '2026-11-28T23:59:00-05:00' });
    const calendar = (await http.get('/v2/calendar?start=2026-11-27&end=2026-11-29')).body;
    expectMatchesSpec('/v2/calendar', 'get', calendar);
    expect(
      calendar.map(
        (d: { date: string; open: string; close: string }) => `${d.date} ${d.open}-${d.close}`,
      ),
    ).toEqual(['2026-11-27 00:00-23:59', '2026-11-28 14:59-23:59', '2026-11-29 00:00-23:59']);
    box.sandbox.control.setClock({ at: '2026-11-28T22:00:00Z' });
    expect((await http.get('/v2/calendar?start=2026-11-28&end=2026-11-28')).body[0].open).toBe(
      '14:59',
    );
    expect((await http.post('/v2/orders', order())).body.status).toBe('filled');
    box.sandbox.control.setMode('nyse');
    expect((await http.get('/v2/clock')).body.is_open).toBe(false);
  });
});
