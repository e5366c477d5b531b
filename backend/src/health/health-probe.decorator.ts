import { applyDecorators } from '@nestjs/common';
import { HealthCheck } from '@nestjs/terminus';
import { deferredOpenApi } from '../infra/http/openapi-decorators';

/**
 * terminus's `@HealthCheck()`, minus its load of `@nestjs/swagger` at class definition (it requires
 * the package whenever it is installed, ~150 ms of CPU at boot): the no-cache header is set now; the
 * probe's OpenAPI description (terminus's own) is added when the document is built.
 */
export const HealthProbe = (): MethodDecorator =>
  applyDecorators(
    HealthCheck({ noCache: true, swaggerDocumentation: false }),
    deferredOpenApi(
      () => HealthCheck({ noCache: false, swaggerDocumentation: true }) as (target: object) => void,
    ),
  );
