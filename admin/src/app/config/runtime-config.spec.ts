import { loadRuntimeConfig, parseRuntimeConfig, RuntimeConfigError } from './runtime-config';

const respondWith =
  (response: Response): typeof fetch =>
  async () =>
    response;

describe('parseRuntimeConfig', () => {
  it('accepts an http(s) apiBaseUrl and drops trailing slashes', () => {
    expect(parseRuntimeConfig({ apiBaseUrl: 'https://api.example.com/' })).toEqual({
      apiBaseUrl: 'https://api.example.com',
    });
    expect(parseRuntimeConfig({ apiBaseUrl: 'http://localhost:3000' })).toEqual({
      apiBaseUrl: 'http://localhost:3000',
    });
  });

  it('keeps a path prefix for an API behind a reverse proxy', () => {
    expect(parseRuntimeConfig({ apiBaseUrl: 'https://example.com/openbell//' })).toEqual({
      apiBaseUrl: 'https://example.com/openbell',
    });
  });

  it.each([
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
    ['https://api.example.com', 'must be a JSON object'],
    [{}, '"apiBaseUrl" is missing'],
    [{ apiBaseUrl: '  ' }, '"apiBaseUrl" is missing'],
    [{ apiBaseUrl: 42 }, '"apiBaseUrl" is missing'],
    [{ apiBaseUrl: 'api.example.com' }, '"apiBaseUrl" is not a URL'],
    [{ apiBaseUrl: 'ftp://api.example.com' }, '"apiBaseUrl" must be http(s)'],
    [{ apiBaseUrl: 'https://api.example.com/?x=1' }, 'must not carry a query'],
    [{ apiBaseUrl: 'https://user:pw@api.example.com' }, 'must not carry a query'],
  ])('rejects %j: %s', (value, message) => {
    expect(() => parseRuntimeConfig(value)).toThrow(RuntimeConfigError);
    expect(() => parseRuntimeConfig(value)).toThrow(message);
  });
});

describe('loadRuntimeConfig', () => {
  it('fetches config.json relative to <base href>, bypassing the HTTP cache', async () => {
    const calls: [RequestInfo | URL, RequestInit | undefined][] = [];
    const fetchFn: typeof fetch = async (input, init) => {
      calls.push([input, init]);
      return Response.json({ apiBaseUrl: 'http://localhost:3000' });
    };
    await expect(loadRuntimeConfig(fetchFn)).resolves.toEqual({
      apiBaseUrl: 'http://localhost:3000',
    });
    expect(calls).toEqual([['config.json', { cache: 'no-store' }]]);
  });

  it('reports a missing file with its HTTP status', async () => {
    await expect(
      loadRuntimeConfig(respondWith(new Response('nope', { status: 404 }))),
    ).rejects.toThrow(new RuntimeConfigError('config.json could not be loaded (HTTP 404)'));
  });

  it('reports a network failure', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadRuntimeConfig(failing)).rejects.toThrow(
      'config.json could not be loaded (network error)',
    );
  });

  it('recognises an SPA fallback page served in place of config.json', async () => {
    const html = new Response('<!doctype html><html></html>', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    await expect(loadRuntimeConfig(respondWith(html))).rejects.toThrow(
      'config.json is missing (the server answered with a web page)',
    );
  });

  it('reports invalid JSON', async () => {
    await expect(loadRuntimeConfig(respondWith(new Response('{oops')))).rejects.toThrow(
      'config.json is not valid JSON',
    );
  });

  it('reports an invalid apiBaseUrl', async () => {
    await expect(
      loadRuntimeConfig(respondWith(Response.json({ apiBaseUrl: 'not a url' }))),
    ).rejects.toThrow('"apiBaseUrl" is not a URL');
  });
});
