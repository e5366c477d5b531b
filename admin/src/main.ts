import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { loadRuntimeConfig, RUNTIME_CONFIG } from './app/config/runtime-config';

loadRuntimeConfig()
  .then((runtime) =>
    bootstrapApplication(AppComponent, {
      ...appConfig,
      providers: [...appConfig.providers, { provide: RUNTIME_CONFIG, useValue: runtime }],
    }),
  )
  .catch((error: unknown) => {
    // Never a blank page: say what is wrong where the app would have been.
    const message = error instanceof Error ? error.message : String(error);
    const box = document.createElement('main');
    box.setAttribute('role', 'alert');
    box.style.cssText =
      'font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 1rem;';
    box.innerHTML =
      '<h1>Openbell admin cannot start</h1><p></p><p>Check the deployment’s config.json (apiBaseUrl).</p>';
    box.querySelector('p')!.textContent = message;
    document.body.replaceChildren(box);
  });
