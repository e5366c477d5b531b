import 'reflect-metadata';
import type { OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { validatorPackage } from './infra/http/class-validator';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { HttpExceptionFilter } from './infra/http/http-exception.filter';
import { serveApiDocsOnDemand } from './infra/http/openapi-document';
import { rejectPrototypeKeys } from './infra/http/reject-prototype-keys.middleware';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { MigrationInterface } from 'typeorm';
import { AppModule } from './app.module';
import { answerProbesFirst, staticHeadersOf } from './health/probe-fast-path';
import { AppConfig } from './infra/config/app-config';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from './infra/database/embedded-postgres';
import { runMigrations } from './infra/database/migrator';
import { LifecycleService } from './infra/lifecycle/lifecycle.service';
import { createLogger } from './infra/logging/logger';

export interface BrokerEndpoint {
  baseUrl: string;
  /** The in-process sandbox, when this process started one. */
  stop: () => Promise<void>;
  sandbox: boolean;
}

/**
 * The broker Openbell talks to: ALPACA_BASE_URL (paper trading by default when keys are set), or — with no
 * keys and no URL — the bundled sandbox started in this process.
 */
export async function openBroker(config: AppConfig, logger: Logger): Promise<BrokerEndpoint> {
  if (config.alpaca.baseUrl)
    return {
      baseUrl: config.alpaca.baseUrl,
      stop: async () => undefined,
      sandbox: config.alpaca.useSandbox,
    };
  // Loaded only here: a service given a broker URL never loads the sandbox (~65 ms of CPU at boot).
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on this path only, on purpose */
  const { startSandboxServer } =
    require('./sandbox/http-server') as typeof import('./sandbox/http-server');
  const { DEMO_ACCOUNT } =
    require('./sandbox/sandbox-market') as typeof import('./sandbox/sandbox-market');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sandbox = await startSandboxServer({
    port: config.alpaca.sandbox.port,
    mode: config.alpaca.sandbox.mode,
    movingPrices: config.alpaca.sandbox.movingPrices,
    // A living demo: with moving prices the account starts holding a small portfolio.
    ...(config.alpaca.sandbox.movingPrices ? DEMO_ACCOUNT : {}),
  });
  logger.info(
    `no ALPACA_KEY_ID: using the bundled sandbox broker at ${sandbox.url} (${config.alpaca.sandbox.mode} mode)`,
  );
  return { baseUrl: sandbox.url, stop: () => sandbox.close(), sandbox: true };
}

export interface BootOptions {
  config: AppConfig;
  logger?: Logger;
  /** Interface to bind; all interfaces by default (Railway), 127.0.0.1 in tests. */
  host?: string;
  /** Override the migration list (tests of a broken migration). */
  migrations?: (new () => MigrationInterface)[];
}

export interface RunningApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  brokerBaseUrl: string;
  logger: Logger;
  lifecycle: LifecycleService;
  /** Readiness 503 first, then in-flight requests finish, connections close, owned database stops. */
  shutdown(reason?: string): Promise<void>;
}

/** Resolves the database: DATABASE_URL, or the embedded server started (or reused) for local runs. */
export async function openDatabase(
  config: AppConfig,
  logger: Logger,
): Promise<EmbeddedPostgresHandle> {
  if (config.database.url)
    return { url: config.database.url, owned: false, stop: async () => undefined };
  const { dir, port } = config.database.embedded;
  return startEmbeddedPostgres(dir, port, (message) => logger.info(message));
}

/** Headers the admin may read on a cross-origin answer. */
const CORS_EXPOSED_HEADERS = ['Retry-After'];

/**
 * The request pipeline of every route. Returns the headers it puts on every answer whatever the
 * request (without an Origin header): the probes answered ahead of it send the same.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): OutgoingHttpHeaders {
  app.useBodyParser('json', { limit: '100kb' });
  app.use(rejectPrototypeKeys);
  // Security headers on every answer, health probes included; no X-Powered-By banner.
  app.disable('x-powered-by');
  const securityHeaders = helmet();
  app.use(securityHeaders);
  // API answers (the login one carries a token) are never stored by a browser or a proxy.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (/^\/api(\/|$)/i.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // JSON API answers are not cached by browsers; hashing every body for an ETag is wasted work.
  app.set('etag', false);
  // Retry-After exposed so the admin can tell a throttled operator how long to wait.
  app.enableCors({
    origin: config.admin.origins,
    credentials: false,
    maxAge: 600,
    exposedHeaders: CORS_EXPOSED_HEADERS,
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // class-validator without its index (infra/http/class-validator.ts).
      validatorPackage: validatorPackage(),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  if (config.servesApi) {
    // The committed document (the drift test proves it is what the code declares), read and
    // rendered on the first request for it: boot builds and loads nothing for it.
    serveApiDocsOnDemand(app);
  }
  // req.ip (login throttling, audit events): the address the last TRUST_PROXY_HOPS proxies saw
  // (Railway's edge: 1), i.e. X-Forwarded-For read from the right, that many entries and no more.
  // Trusting "any private or loopback peer" would let a client inside such a network (or anything
  // that reaches the port directly) write its own address; `true` would take the left-most entry,
  // which any client can write.
  app.set('trust proxy', config.trustProxyHops > 0 ? config.trustProxyHops : false);
  return {
    ...staticHeadersOf(securityHeaders),
    // What the CORS middleware sends to a request without an Origin.
    vary: 'Origin',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(','),
  };
}

/**
 * Boot sequence: database → migrations (advisory-locked) → Nest app → listen. Migrations finish
 * before the port opens, so readiness can never answer 200 on a schema this build doesn't expect.
 */
export async function boot(options: BootOptions): Promise<RunningApp> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const lifecycle = new LifecycleService();
  const database = await openDatabase(config, logger);
  let app: NestExpressApplication | undefined;
  let broker: BrokerEndpoint | undefined;
  try {
    const applied = await runMigrations(
      database.url,
      (message) => logger.info(message),
      options.migrations,
    );
    logger.info(
      { applied },
      applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date',
    );

    broker = await openBroker(config, logger);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        config,
        databaseUrl: database.url,
        brokerBaseUrl: broker.baseUrl,
        logger,
        lifecycle,
      }),
      { bufferLogs: true, abortOnError: false },
    );
    app.useLogger(app.get(NestPinoLogger));
    app.flushLogs();
    // /health/live and /health/ready (Railway's probe) answered ahead of the pipeline (health/probe-fast-path.ts).
    answerProbesFirst(app, configureHttp(app, config));
    await app.listen(config.port, options.host ?? '::');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await broker?.stop().catch(() => undefined);
    if (database.owned) await database.stop().catch(() => undefined);
    throw error;
  }

  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${options.host && options.host !== '::' ? options.host : '127.0.0.1'}:${address.port}`;
  let closing: Promise<void> | undefined;
  const running: RunningApp = {
    app,
    url,
    databaseUrl: database.url,
    brokerBaseUrl: broker.baseUrl,
    logger,
    lifecycle,
    shutdown: (reason = 'shutdown') => {
      closing ??= (async () => {
        lifecycle.beginShutdown();
        logger.info({ reason }, `shutting down (${reason})`);
        const timeout = new Promise<'timeout'>((resolve) =>
          setTimeout(resolve, config.shutdownTimeoutMs, 'timeout').unref(),
        );
        const closed = await Promise.race([app!.close().then(() => 'closed' as const), timeout]);
        if (closed === 'timeout')
          logger.warn(`graceful shutdown exceeded ${config.shutdownTimeoutMs}ms`);
        if (database.owned) await database.stop();
        logger.info('stopped');
      })();
      return closing;
    },
  };
  logger.info({ url, role: config.role }, `Openbell ${config.role} listening on ${url}`);
  return running;
}
