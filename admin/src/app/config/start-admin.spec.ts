import type { ApplicationRef } from '@angular/core';
import type { RuntimeConfig } from './runtime-config';
import { startAdmin } from './start-admin';

describe('startAdmin', () => {
  let doc: Document;
  let bootstrapped: RuntimeConfig[];
  const appRef = {} as ApplicationRef;
  const bootstrap = async (config: RuntimeConfig) => {
    bootstrapped.push(config);
    return appRef;
  };

  beforeEach(() => {
    doc = document.implementation.createHTMLDocument('Openbell admin');
    doc.body.innerHTML = '<ob-root></ob-root>';
    bootstrapped = [];
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => vi.restoreAllMocks());

  const alertOf = (d: Document) => d.querySelector<HTMLElement>('main[role=alert]');
  const normalised = (el: Element | null | undefined) =>
    el?.textContent?.replace(/\s+/g, ' ').trim();

  it('bootstraps with the validated config.json', async () => {
    const fetchFn: typeof fetch = async () =>
      Response.json({ apiBaseUrl: 'https://api.example.com/' });

    await expect(startAdmin(doc, bootstrap, fetchFn)).resolves.toBe(appRef);

    expect(bootstrapped).toEqual([{ apiBaseUrl: 'https://api.example.com' }]);
    expect(alertOf(doc)).toBeNull();
    expect(doc.querySelector('ob-root')).not.toBeNull();
  });

  it('shows why instead of a blank page when config.json is missing', async () => {
    const fetchFn: typeof fetch = async () => new Response('Not Found', { status: 404 });

    await expect(startAdmin(doc, bootstrap, fetchFn)).resolves.toBeUndefined();

    expect(bootstrapped).toEqual([]);
    const alert = alertOf(doc);
    expect(normalised(alert?.querySelector('h1'))).toBe('Openbell admin cannot start');
    expect(normalised(alert?.querySelector('.startup-error__reason'))).toBe(
      'config.json could not be loaded (HTTP 404)',
    );
    expect(normalised(alert)).toContain('API_BASE_URL');
    expect(alert?.querySelector('button')?.textContent).toBe('Try again');
    expect(doc.querySelector('ob-root')).toBeNull();
    expect(doc.title).toBe('Openbell admin cannot start');
    expect(console.error).toHaveBeenCalled();
  });

  it('names the broken field of an invalid config.json', async () => {
    const fetchFn: typeof fetch = async () => Response.json({ apiBaseUrl: 'ftp://x' });

    await startAdmin(doc, bootstrap, fetchFn);

    expect(bootstrapped).toEqual([]);
    expect(normalised(alertOf(doc)?.querySelector('.startup-error__reason'))).toBe(
      'config.json: "apiBaseUrl" must be http(s) (ftp://x)',
    );
  });

  it('explains a bootstrap failure without blaming config.json', async () => {
    const fetchFn: typeof fetch = async () =>
      Response.json({ apiBaseUrl: 'http://localhost:3000' });
    const failing = async (): Promise<ApplicationRef> => {
      throw new Error('NG0201: No provider found');
    };

    await startAdmin(doc, failing, fetchFn);

    const alert = alertOf(doc);
    expect(normalised(alert?.querySelector('.startup-error__reason'))).toBe(
      'Unexpected error: NG0201: No provider found',
    );
    expect(normalised(alert)).not.toContain('API_BASE_URL');
  });

  it('renders the message as text, never as markup', async () => {
    const fetchFn: typeof fetch = async () =>
      Response.json({ apiBaseUrl: '<img src=x onerror=alert(1)>' });

    await startAdmin(doc, bootstrap, fetchFn);

    expect(doc.querySelector('img')).toBeNull();
    expect(normalised(alertOf(doc)?.querySelector('.startup-error__reason'))).toContain(
      '<img src=x onerror=alert(1)>',
    );
  });
});
