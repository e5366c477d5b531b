import type * as Swagger from '@nestjs/swagger';

/**
 * The OpenAPI decorators the controllers and DTOs use, recorded rather than applied: loading
 * `@nestjs/swagger` (and es-toolkit's compat layer it pulls in) cost ~150 ms of CPU on every
 * boot, and a running service never reads what these decorators write — it serves the committed
 * document (openapi-document.ts). `buildOpenApiDocument` (the drift test, regeneration) calls
 * `applyOpenApiDecorators()` first, which loads `@nestjs/swagger` and replays every recorded call,
 * in the order the classes were decorated, with the same arguments on the same targets: the
 * metadata ends up exactly as if the decorators had run at class definition.
 */

type DecoratorName =
  | 'ApiBadGatewayResponse'
  | 'ApiBadRequestResponse'
  | 'ApiBearerAuth'
  | 'ApiExcludeController'
  | 'ApiOkResponse'
  | 'ApiProperty'
  | 'ApiPropertyOptional'
  | 'ApiTags'
  | 'ApiTooManyRequestsResponse'
  | 'ApiUnauthorizedResponse';

type AnyDecorator = (
  target: object,
  key?: string | symbol,
  descriptor?: PropertyDescriptor,
) => void;

interface RecordedCall {
  /** Makes the real decorator (loading @nestjs/swagger if it is not yet). */
  decorator: () => AnyDecorator;
  target: object;
  key?: string | symbol;
  descriptor?: PropertyDescriptor;
}

const recorded: RecordedCall[] = [];

/**
 * A decorator that only writes OpenAPI metadata, recorded now and applied by
 * `applyOpenApiDecorators()`; `decorator` is called then, not before.
 */
export function deferredOpenApi(decorator: () => AnyDecorator): AnyDecorator {
  return (target, key, descriptor) => {
    recorded.push({ decorator, target, key, descriptor });
  };
}

function swagger(): typeof Swagger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('@nestjs/swagger') as typeof Swagger;
}

function deferred<N extends DecoratorName>(name: N): (typeof Swagger)[N] {
  const factory = (...args: unknown[]) =>
    deferredOpenApi(() => (swagger()[name] as (...args: unknown[]) => AnyDecorator)(...args));
  return factory as unknown as (typeof Swagger)[N];
}

export const ApiBadGatewayResponse = deferred('ApiBadGatewayResponse');
export const ApiBadRequestResponse = deferred('ApiBadRequestResponse');
export const ApiBearerAuth = deferred('ApiBearerAuth');
export const ApiExcludeController = deferred('ApiExcludeController');
export const ApiOkResponse = deferred('ApiOkResponse');
export const ApiProperty = deferred('ApiProperty');
export const ApiPropertyOptional = deferred('ApiPropertyOptional');
export const ApiTags = deferred('ApiTags');
export const ApiTooManyRequestsResponse = deferred('ApiTooManyRequestsResponse');
export const ApiUnauthorizedResponse = deferred('ApiUnauthorizedResponse');

/** Applies every decorator recorded so far (once each) with the real `@nestjs/swagger`. */
export function applyOpenApiDecorators(): void {
  for (const call of recorded.splice(0)) call.decorator()(call.target, call.key, call.descriptor);
}

/** How many decorator calls are waiting to be applied (tests). */
export const pendingOpenApiDecorators = (): number => recorded.length;
