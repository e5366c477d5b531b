import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ALLOW_VIEWER, IS_PUBLIC, ROLES } from '../../../src/auth/auth.decorators';
import { OPEN_CONTROLLER_PATHS } from '../../../src/auth/auth.guard';
import type { TestApp } from '../../support/app';

export interface ServedRoute {
  method: string;
  path: string;
}

/** A route as its controller declares it, with what the guard and the pipes will see. */
export interface DeclaredRoute extends ServedRoute {
  controller: string;
  handler: string;
  isPublic: boolean;
  allowViewer: boolean;
  roles: string[] | undefined;
  /** The controller's declared path is an open probe (health, metrics). */
  openProbe: boolean;
  /** The class of the `@Body()` parameter, if any. */
  bodyDto: (new () => object) | undefined;
  /** The class of the `@Query()` parameter, if any. */
  queryDto: (new () => object) | undefined;
  hasParams: boolean;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isMutating = (route: ServedRoute) => !SAFE.has(route.method);

/** Nest's not-found handler: a catch-all route for every method that only ever answers 404. */
const NOT_FOUND_CATCH_ALL = '{/*splat}';

/** Every route the running Express app serves (its router), whoever registered it. */
export function servedRoutes(app: TestApp): ServedRoute[] {
  const instance = app.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] };
  };
  return instance.router.stack
    .filter((layer) => layer.route && layer.route.path !== NOT_FOUND_CATCH_ALL)
    .flatMap((layer) =>
      [layer.route!.path].flat().flatMap((path) =>
        Object.keys(layer.route!.methods)
          .filter((m) => m !== '_all')
          .map((method) => ({ method: method.toUpperCase(), path })),
      ),
    );
}

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/** Every route declared by a Nest controller in the running app, with its metadata. */
export function declaredRoutes(app: TestApp): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]]
        .flat()
        .map((p) => p ?? '');
      const openProbe = controllerPaths.every((p) =>
        OPEN_CONTROLLER_PATHS.includes(p.replace(/^\/+|\/+$/g, '')),
      );
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor') continue;
        const handler = proto[name];
        if (typeof handler !== 'function') continue;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as
          string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (methodPaths === undefined || method === undefined) continue;
        const meta = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ??
          []) as (new () => object)[];
        const argOf = (type: RouteParamtypes) => {
          const key = Object.keys(args).find((k) => k.startsWith(`${type}:`));
          return key === undefined ? undefined : types[args[key].index];
        };
        for (const controllerPath of controllerPaths)
          for (const methodPath of [methodPaths].flat())
            routes.push({
              method: RequestMethod[method],
              path: joinPath(controllerPath, methodPath),
              controller: controller.name,
              handler: name,
              isPublic: meta<boolean>(IS_PUBLIC) === true,
              allowViewer: meta<boolean>(ALLOW_VIEWER) === true,
              roles: meta<string[]>(ROLES),
              openProbe,
              bodyDto: argOf(RouteParamtypes.BODY),
              queryDto: argOf(RouteParamtypes.QUERY),
              hasParams: argOf(RouteParamtypes.PARAM) !== undefined,
            });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/** The route's path with every parameter filled in (a valid v4 UUID unless told otherwise). */
export const concretePath = (path: string, value = SOME_UUID) =>
  path.replace(/:\w+/g, value).replace(/\*\w+/g, 'x');

/** The same path with its letters upper-cased (Express matches routes case-insensitively). */
export const shoutedPath = (path: string) => concretePath(path).toUpperCase();

export const describeRoute = (route: ServedRoute) => `${route.method} ${route.path}`;

/** Routes the guard protects (neither @Public nor an open probe). */
export const protectedRoutes = (routes: DeclaredRoute[]) =>
  routes.filter((r) => !r.isPublic && !r.openProbe);

/** Protected mutations: operator-only, and each must take a reason. */
export const operatorMutations = (routes: DeclaredRoute[]) =>
  protectedRoutes(routes).filter((r) => isMutating(r) && !r.allowViewer);
