import { mergeApplicationConfig } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { provideRuntimeConfig } from './app/config/runtime-config';
import { startAdmin } from './app/config/start-admin';

void startAdmin(document, (runtime) =>
  bootstrapApplication(
    AppComponent,
    mergeApplicationConfig(appConfig, { providers: [provideRuntimeConfig(runtime)] }),
  ),
);
