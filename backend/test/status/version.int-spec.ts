import request from 'supertest';
import { MIGRATION_NAMES } from '../../src/infra/database/migrator';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

const SHA = '3f2a9c1d0e4b5a6978877665544332211a0b0c0d';

describe('GET /api/version (build identity)', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.shutdown();
    app = undefined;
  });

  it("answers without a token: Railway's commit and every applied migration, none pending", async () => {
    app = await bootTestApp(await createMigratedDatabase('version'), {
      APP_ROLE: 'web',
      RAILWAY_GIT_COMMIT_SHA: SHA,
    });
    const { body } = await request(app.url).get('/api/version').expect(200);
    expect(body).toEqual({
      commit: SHA,
      commitSource: 'railway',
      migrations: MIGRATION_NAMES,
      pendingMigrations: [],
    });
  });

  it('a local run without build information reports the commit as unknown', async () => {
    app = await bootTestApp(await createMigratedDatabase('version'), { APP_ROLE: 'all' });
    const { body } = await request(app.url).get('/api/version').expect(200);
    expect(body).toMatchObject({ commit: null, commitSource: null, pendingMigrations: [] });
  });

  it('refuses a RAILWAY_GIT_COMMIT_SHA that is not a commit hash, naming it', () =>
    expect(bootTestApp('postgres://unused/x', { RAILWAY_GIT_COMMIT_SHA: 'main' })).rejects.toThrow(
      /RAILWAY_GIT_COMMIT_SHA must be a git commit hash/,
    ));
});
