import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The API's OpenAPI document, committed (backend/openapi/openbell-api.json) and served as is:
 * building it from the controllers' decorators (SwaggerModule.createDocument) took ~190 ms of every
 * boot. backend/test/api/openapi-drift.int-spec.ts builds it from the code with
 * `buildOpenApiDocument` and fails when the committed copy (or the admin's) differs.
 */
export const COMMITTED_OPENAPI_DOCUMENT = join(__dirname, '../../../openapi/openbell-api.json');

/** What the code declares: every controller's routes and DTOs (tests and regeneration only). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
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
