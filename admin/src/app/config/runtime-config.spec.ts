import { loadRuntimeConfig, parseRuntimeConfig, RuntimeConfigError } from './runtime-config';

describe('runtime config', () => {
  it('accepts an http(s) apiBaseUrl and drops a trailing slash', () => {
    expect(parseRuntimeConfig({ apiBaseUrl: 'https://api.example.com/' })).toEqual({
      apiBaseUrl: 'https://api.example.com',
    });
  });

  it.each([[null], [{}], [{ apiBaseUrl: 'ftp://x' }], [{ apiBaseUrl: 42 }]])(
    'rejects %j naming apiBaseUrl or the shape',
    (value) => {
      expect(() => parseRuntimeConfig(value)).toThrow(RuntimeConfigError);
    },
  );

  it('reports a missing config.json with its HTTP status', async () => {
    const fetchFn = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    await expect(loadRuntimeConfig(fetchFn)).rejects.toThrow(
      'config.json could not be loaded (HTTP 404)',
    );
  });

  it('reports invalid JSON', async () => {
    const fetchFn = (async () => new Response('{oops', { status: 200 })) as typeof fetch;
    await expect(loadRuntimeConfig(fetchFn)).rejects.toThrow('config.json is not valid JSON');
  });

  it('loads a valid file', async () => {
    const fetchFn = (async () =>
      Response.json({ apiBaseUrl: 'http://localhost:3000' })) as typeof fetch;
    await expect(loadRuntimeConfig(fetchFn)).resolves.toEqual({
      apiBaseUrl: 'http://localhost:3000',
    });
  });
});
