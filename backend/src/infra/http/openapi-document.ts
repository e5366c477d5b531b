import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ExpressAdapter } from '@nestjs/platform-express';
import type * as Swagger from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { applyOpenApiDecorators } from './openapi-decorators';

/**
 * The API's OpenAPI document, committed (backend/openapi/openbell-api.json) and served as is:
 * building it from the controllers' decorators (SwaggerModule.createDocument) took ~190 ms of every
 * boot. backend/test/api/openapi-drift.int-spec.ts builds it from the code with
 * `buildOpenApiDocument` and fails when the committed copy (or the admin's) differs.
 */
export const COMMITTED_OPENAPI_DOCUMENT = join(__dirname, '../../../openapi/openbell-api.json');

/**
 * `@nestjs/swagger`, loaded when first needed: a service that nobody asks for /api/docs never
 * loads it (it cost ~150 ms of CPU at every boot). A plain require keeps the load synchronous.
 */
function swagger(): typeof Swagger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('@nestjs/swagger') as typeof Swagger;
}

/** What the code declares: every controller's routes and DTOs (tests and regeneration only). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  applyOpenApiDecorators();
  const { DocumentBuilder, SwaggerModule } = swagger();
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Openbell API')
      .setDescription('Operators steer the daily trading run (docs/architecture.md, HTTP surface).')
      .addBearerAuth()
      .build(),
  );
}

/** The committed document, read when first asked for (not at boot). */
export function committedOpenApiDocument(): OpenAPIObject {
  return JSON.parse(readFileSync(COMMITTED_OPENAPI_DOCUMENT, 'utf8')) as OpenAPIObject;
}

const DOCS_PATH = 'api/docs';

/**
 * Serves the Swagger UI at /api/docs and the document at /api/docs-json, set up on the first
 * request for either: boot registers one middleware and loads nothing. The UI's routes and static
 * assets live on an express instance of their own (what SwaggerModule.setup registers them on),
 * which the middleware hands /api/docs* requests to; anything it does not serve goes on down the
 * application's own chain (a 404 from Nest).
 */
export function serveApiDocsOnDemand(app: NestExpressApplication): void {
  let docs: RequestHandler | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`/${DOCS_PATH}`)) return next();
    docs ??= docsHandler();
    // The docs instance re-parents req/res onto its own prototypes; put them back when it passes
    // the request on, as express does for a mounted sub-application.
    const prototypes = [Object.getPrototypeOf(req), Object.getPrototypeOf(res)] as const;
    docs(req, res, (error?: unknown) => {
      Object.setPrototypeOf(req, prototypes[0]);
      Object.setPrototypeOf(res, prototypes[1]);
      next(error);
    });
  });
}

function docsHandler(): RequestHandler {
  const adapter = new ExpressAdapter();
  const instance = adapter.getInstance<Express>();
  // As on the application: no banner, no ETag hashing of the answers.
  instance.disable('x-powered-by');
  instance.set('etag', false);
  // What SwaggerModule.setup uses of an application: its HTTP adapter and static assets.
  const host = {
    getHttpAdapter: () => adapter,
    useStaticAssets: (path: string, options: { prefix?: string }) =>
      adapter.useStaticAssets(path, options),
  } as unknown as INestApplication;
  swagger().SwaggerModule.setup(DOCS_PATH, host, committedOpenApiDocument, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
  return instance as unknown as RequestHandler;
}
