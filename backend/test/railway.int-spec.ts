import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import {
  createRailwayContext,
  project,
  type ProjectDefinition,
  type ResourceNode,
  type ServiceNode,
} from 'railway/iac';
import program, { BACKEND_DRAINING_SECONDS } from '../../.railway/railway';
import { startStaticServer } from '../../admin/server/static-server.mjs';
import { AppConfig } from '../src/infra/config/app-config';
import { SECRET_VARIABLES } from '../src/infra/config/config.schema';
import { bootTestApp } from './support/app';
import { createMigratedDatabase } from './support/database';

const ROOT = resolve(__dirname, '../..');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

async function graphFor(environment: string): Promise<ResourceNode[]> {
  const definition = (await program(
    createRailwayContext({ environment }),
    project,
  )) as ProjectDefinition;
  return (definition.resources ?? []).flat();
}
const serviceNamed = (resources: ResourceNode[], name: string) =>
  resources.find((r) => r.type === 'service' && r.name === name) as ServiceNode;
const literal = (svc: ServiceNode, key: string) => {
  const v = svc.variables?.[key];
  return v && v.type === 'literal' ? v.value : undefined;
};

describe.each(['staging', 'production', 'pr-42'])('.railway/railway.ts for %s', (environment) => {
  let resources: ResourceNode[];
  beforeAll(async () => {
    resources = await graphFor(environment);
  });

  it('declares api, worker, admin and a PostgreSQL 18 database (plus the backup job and bucket outside PR environments)', () => {
    const backups = environment.startsWith('pr-') ? [] : ['bucket.backups', 'service.backup'];
    expect(resources.map((r) => r.address).sort()).toEqual(
      ['database.postgres', 'service.admin', 'service.api', 'service.worker', ...backups].sort(),
    );
    const db = resources.find((r) => r.type === 'database') as ResourceNode & {
      engine: string;
      image: string;
    };
    expect(db.engine).toBe('postgres');
    expect(db.image).toMatch(/:18$/);
  });

  it('starts every service with an npm script that exists, gated by its health check', () => {
    const expected: Record<string, [string, string]> = {
      api: ['npm run serve:backend', '/health/ready'],
      worker: ['npm run serve:backend', '/health/ready'],
      admin: ['npm run serve:admin', '/health'],
    };
    for (const [name, [start, health]] of Object.entries(expected)) {
      const svc = serviceNamed(resources, name);
      expect([name, svc.deploy?.startCommand, svc.deploy?.healthcheckPath]).toEqual([
        name,
        start,
        health,
      ]);
      const script = start.replace('npm run ', '');
      expect(scripts[script]).toBeDefined();
      expect(svc.build?.builder).toBe('RAILPACK');
      expect(scripts[(svc.build?.buildCommand ?? '').replace('npm run ', '')]).toBeDefined();
    }
  });

  it('runs the roles it names and drains longer than the graceful shutdown', () => {
    expect(literal(serviceNamed(resources, 'api'), 'APP_ROLE')).toBe('web');
    expect(literal(serviceNamed(resources, 'worker'), 'APP_ROLE')).toBe('worker');
    const shutdownSeconds =
      AppConfig.fromEnv({
        SHUTDOWN_TIMEOUT_MS:
          literal(serviceNamed(resources, 'api'), 'SHUTDOWN_TIMEOUT_MS') ?? undefined,
      }).shutdownTimeoutMs / 1000;
    for (const name of ['api', 'worker']) {
      expect(serviceNamed(resources, name).deploy?.drainingSeconds).toBe(BACKEND_DRAINING_SECONDS);
      expect(BACKEND_DRAINING_SECONDS).toBeGreaterThan(shutdownSeconds);
    }
  });

  it('never trades for real by default and never holds a secret value', () => {
    for (const name of ['api', 'worker']) {
      const svc = serviceNamed(resources, name);
      expect(literal(svc, 'TRADING_ENABLED')).toBe('false');
      expect(svc.variables?.DATABASE_URL).toEqual({
        type: 'reference',
        resource: 'database.postgres',
        output: 'DATABASE_URL',
      });
      for (const secret of SECRET_VARIABLES) {
        const value = svc.variables?.[secret];
        if (value)
          expect([secret, value.type]).toEqual([
            secret,
            secret === 'DATABASE_URL' ? 'reference' : 'preserve',
          ]);
      }
    }
    const replicas = serviceNamed(resources, 'worker').deploy?.numReplicas;
    expect(replicas).toBe(environment === 'production' ? 2 : 1);
    if (environment.startsWith('pr-'))
      expect(serviceNamed(resources, 'api').variables?.ALPACA_KEY_ID).toBeUndefined();
  });
});

describe('the health checks Railway uses are really served', () => {
  it('the api/worker healthcheck path answers 200 when the app is ready', async () => {
    const api = serviceNamed(await graphFor('production'), 'api');
    const app = await bootTestApp(await createMigratedDatabase('railway'), { APP_ROLE: 'web' });
    try {
      await request(app.url).get(api.deploy!.healthcheckPath!).expect(200);
    } finally {
      await app.shutdown();
    }
  });

  it("the admin's healthcheck path answers 200 from its start script's server", async () => {
    const admin = serviceNamed(await graphFor('production'), 'admin');
    expect(scripts['serve:admin']).toBe('node admin/server/static-server.mjs');
    const dist = mkdtempSync(join(tmpdir(), 'admin-dist-'));
    writeFileSync(join(dist, 'index.html'), '<html></html>');
    const server = await startStaticServer({
      root: dist,
      port: 0,
      host: '127.0.0.1',
      apiBaseUrl: 'https://api.example.com',
    });
    try {
      await request(server.url).get(admin.deploy!.healthcheckPath!).expect(200);
    } finally {
      await server.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
