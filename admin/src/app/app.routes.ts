import type { Routes } from '@angular/router';

/** Every page is lazy: the initial bundle carries the shell only. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'status' },
  {
    path: 'status',
    title: 'Status · Openbell',
    loadComponent: () => import('./health/status.component').then((m) => m.StatusComponent),
  },
  { path: '**', redirectTo: 'status' },
];
