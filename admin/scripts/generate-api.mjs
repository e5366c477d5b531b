// Generates src/app/api/openapi.d.ts from the committed OpenAPI document (backend/openapi/openbell-api.json,
// kept equal to the backend's live /api/docs-json by backend/test/api/openapi-drift.int-spec.ts).
// `--check` writes nothing and exits 1 when the committed .d.ts is not what the document gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const api = join(dirname(fileURLToPath(import.meta.url)), '../src/app/api');
// The one committed document: what the API serves, kept equal to the code by the backend's drift test.
const documentPath = join(api, '../../../../backend/openapi/openbell-api.json');
const typesPath = join(api, 'openapi.d.ts');

export async function generate() {
  const document = JSON.parse(readFileSync(documentPath, 'utf8'));
  const ast = await openapiTS(document, { alphabetize: true });
  return [
    '/**',
    ' * Generated from backend/openapi/openbell-api.json by `npm run generate:api -w admin` (openapi-typescript).',
    ' * Do not edit: change the backend, then regenerate (see docs/admin.md).',
    ' */',
    '',
    astToString(ast),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const types = await generate();
  if (process.argv.includes('--check')) {
    if (readFileSync(typesPath, 'utf8') !== types) {
      console.error(
        'src/app/api/openapi.d.ts is out of date with backend/openapi/openbell-api.json: run `npm run generate:api -w admin`',
      );
      process.exit(1);
    }
    console.log('openapi.d.ts matches backend/openapi/openbell-api.json');
  } else {
    writeFileSync(typesPath, types);
    console.log(`wrote ${typesPath}`);
  }
}
