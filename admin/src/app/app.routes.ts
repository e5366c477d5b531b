import type { Routes } from '@angular/router';
import { signedInGuard } from './auth/auth.guard';

/** Every page is lazy: the initial bundle carries the shell only. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
  {
    path: 'login',
    title: 'Sign in · Openbell',
    loadComponent: () => import('./auth/login.component').then((m) => m.LoginComponent),
  },
  {
    path: '',
    canActivateChild: [signedInGuard],
    children: [
      {
        path: 'dashboard',
        title: 'Dashboard · Openbell',
        loadComponent: () =>
          import('./dashboard/dashboard.component').then((m) => m.DashboardComponent),
      },
      {
        path: 'portfolio',
        title: 'Portfolio · Openbell',
        loadComponent: () =>
          import('./portfolio/portfolio.component').then((m) => m.PortfolioComponent),
      },
      {
        path: 'runs',
        title: 'Runs · Openbell',
        loadComponent: () => import('./runs/runs.component').then((m) => m.RunsComponent),
      },
      {
        path: 'runs/:id',
        title: 'Run · Openbell',
        loadComponent: () =>
          import('./runs/run-detail.component').then((m) => m.RunDetailComponent),
      },
      {
        path: 'orders',
        title: 'Orders · Openbell',
        loadComponent: () => import('./orders/orders.component').then((m) => m.OrdersComponent),
      },
      {
        path: 'strategy',
        title: 'Strategy · Openbell',
        loadComponent: () =>
          import('./strategy/strategy.component').then((m) => m.StrategyComponent),
      },
      {
        path: 'audit',
        title: 'Audit log · Openbell',
        loadComponent: () => import('./audit/audit.component').then((m) => m.AuditComponent),
      },
      {
        path: 'alerts',
        title: 'Alerts · Openbell',
        loadComponent: () => import('./alerts/alerts.component').then((m) => m.AlertsComponent),
      },
    ],
  },
  {
    // The API's own readiness needs no account: reachable even when sign-in is broken.
    path: 'status',
    title: 'Status · Openbell',
    loadComponent: () => import('./health/status.component').then((m) => m.StatusComponent),
  },
  { path: '**', redirectTo: 'dashboard' },
];
