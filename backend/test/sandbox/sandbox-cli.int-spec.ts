import { parseSandboxArgs, runSandboxCli, SandboxUsageError } from '../../src/sandbox/sandbox-cli';

describe('sandbox CLI arguments', () => {
  it('defaults to port 4010 (or SANDBOX_PORT), NYSE mode, 127.0.0.1', () => {
    expect(parseSandboxArgs([])).toMatchObject({ port: 4010, mode: 'nyse', host: '127.0.0.1' });
    expect(
      parseSandboxArgs([], { SANDBOX_PORT: '5001', SANDBOX_MODE: 'always-open' }),
    ).toMatchObject({ port: 5001, mode: 'always-open' });
  });

  it('reads every option', () => {
    expect(
      parseSandboxArgs([
        '--port=0',
        '--mode',
        'always-open',
        '--clock',
        '2026-11-27T15:00:00Z',
        '--rate-limit',
        '200',
        '--latency-ms',
        '20',
        '--fill-delay-ms',
        '500',
        '--cash',
        '2500.50',
      ]),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      mode: 'always-open',
      clock: { at: '2026-11-27T15:00:00Z' },
      rateLimitPerMinute: 200,
      latencyMs: 20,
      fillDelayMs: 500,
      cash: '2500.50',
    });
    expect(parseSandboxArgs(['-h'])).toBe('help');
  });

  it('refuses bad values with a usage error naming the option', () => {
    for (const [argv, message] of [
      [['--mode', 'weekend'], /--mode/],
      [['--port', '70000'], /--port/],
      [['--clock', 'soon'], /--clock/],
      [['--cash', '1e6'], /--cash/],
      [['--rate-limit', '0'], /--rate-limit/],
      [['--colour', 'red'], /colour/],
    ] as const) {
      expect(() => parseSandboxArgs([...argv])).toThrow(SandboxUsageError);
      expect(() => parseSandboxArgs([...argv])).toThrow(message);
    }
  });

  it('starts a sandbox that serves the clock, or exits 2 on a usage error', async () => {
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    await expect(runSandboxCli(['--mode', 'x'], {}, out)).resolves.toBe(2);
    const sandbox = await runSandboxCli(
      ['--port', '0', '--clock', '2026-11-27T15:00:00Z'],
      {},
      out,
    );
    if (typeof sandbox === 'number') throw new Error(`exit ${sandbox}`);
    try {
      const res = await fetch(`${sandbox.url}/v2/clock`, {
        headers: { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's' },
      });
      expect(await res.json()).toMatchObject({ is_open: true });
      expect(lines.at(-1)).toContain(`listening on ${sandbox.url}`);
    } finally {
      await sandbox.close();
    }
  });

  it('exits 1 with a message, never a stack, when the port is taken', async () => {
    const first = await runSandboxCli(
      ['--port', '0'],
      {},
      { log: () => undefined, error: () => undefined },
    );
    if (typeof first === 'number') throw new Error(`exit ${first}`);
    const errors: string[] = [];
    try {
      const port = new URL(first.url).port;
      await expect(
        runSandboxCli(['--port', port], {}, { log: () => undefined, error: (l) => errors.push(l) }),
      ).resolves.toBe(1);
      expect(errors).toEqual([expect.stringMatching(/^sandbox: could not start: .*EADDRINUSE/)]);
      expect(errors.join('')).not.toContain('    at ');
    } finally {
      await first.close();
    }
  });
});
