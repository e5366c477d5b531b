import { RuntimeConfigError } from './runtime-config';

/**
 * Replaces the page with an explanation when the admin cannot start. Plain DOM on purpose: it must
 * work when Angular itself failed to bootstrap, and an operator who opens the console during an
 * incident should read what is wrong rather than stare at a blank page.
 */
export function showStartupError(doc: Document, error: unknown): void {
  const configProblem = error instanceof RuntimeConfigError;
  const main = doc.createElement('main');
  main.className = 'startup-error';
  main.setAttribute('role', 'alert');

  const title = doc.createElement('h1');
  title.textContent = 'Openbell admin cannot start';

  const reason = doc.createElement('p');
  reason.className = 'startup-error__reason';
  reason.textContent = configProblem
    ? error.message
    : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;

  const hint = doc.createElement('p');
  hint.textContent = configProblem
    ? 'The deployment serves a config.json that names the Openbell API, ' +
      'e.g. {"apiBaseUrl": "https://api.example.com"}; on Railway the admin service writes it ' +
      'from its API_BASE_URL variable.'
    : 'Reload the page; if this persists, the browser console has the details.';

  const retry = doc.createElement('button');
  retry.type = 'button';
  retry.textContent = 'Try again';
  retry.addEventListener('click', () => doc.defaultView?.location.reload());

  main.append(title, reason, hint, retry);
  doc.body.replaceChildren(main);
  doc.title = 'Openbell admin cannot start';
}
