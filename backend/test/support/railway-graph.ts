/**
 * Evaluates .railway/railway.ts offline, the way docs/deployment.md describes it —
 * `await program(createRailwayContext({ environment }), project)` — and gives the tests the
 * resulting Railway graph with typed access to its services, their variables and commands.
 *
 * Used by test/railway.spec.ts (static checks of the file against the app) and by the integration
 * test that boots the real app with a service's variables and asks its `deploy.healthcheckPath`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RAILWAY_GRAPH_VERSION, createRailwayContext, project, validateGraph } from 'railway/iac';
import type {
  DatabaseNode,
  Edge,
  ProjectDefinition,
  RailwayGraph,
  ResourceNode,
  ServiceNode,
  VariableValue,
} from 'railway/iac';
import program, { ENVIRONMENT_VARIABLE, type OpenbellEnvironment } from '../../../.railway/railway';

export const REPOSITORY_ROOT = resolve(__dirname, '../../..');
export const RAILWAY_FILE = join(REPOSITORY_ROOT, '.railway', 'railway.ts');

export const SERVICE_NAMES = ['api', 'worker', 'admin'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The graph of one environment: the SDK's RailwayGraph plus typed shortcuts. */
export interface OpenbellRailwayGraph extends RailwayGraph {
  environment: OpenbellEnvironment;
  /** What the program returned (ProjectDefinition), before the graph's edges were derived. */
  definition: ProjectDefinition;
  services: Record<ServiceName, ServiceNode>;
  database: DatabaseNode;
}

/**
 * Evaluates the program for `environment` (e.g. 'staging', 'production', 'pr-42') and builds the
 * graph the Railway CLI would: resources plus an edge for every variable reference.
 * Throws when a service or the database is missing.
 */
export async function loadRailwayGraph(environment: string): Promise<OpenbellRailwayGraph> {
  const definition = await program(createRailwayContext({ environment }), project);
  return toGraph(definition, environment as OpenbellEnvironment);
}

export function toGraph(
  definition: ProjectDefinition,
  environment: OpenbellEnvironment,
): OpenbellRailwayGraph {
  const resources = (definition.resources ?? definition.services ?? []).flat() as ResourceNode[];
  const edges: Edge[] = [];
  for (const resource of resources) {
    if (resource.type !== 'service' && resource.type !== 'database') continue;
    for (const [key, value] of Object.entries(resource.variables ?? {})) {
      if (value.type === 'reference')
        edges.push({ from: resource.address, to: value.resource, type: 'variable', key });
    }
  }
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const node = resources.find((r) => r.type === 'service' && r.name === name);
      if (!node) throw new Error(`.railway/railway.ts (${environment}): no service "${name}"`);
      return [name, node as ServiceNode];
    }),
  ) as Record<ServiceName, ServiceNode>;
  const database = resources.find((r) => r.type === 'database');
  if (!database) throw new Error(`.railway/railway.ts (${environment}): no database`);
  return {
    version: RAILWAY_GRAPH_VERSION,
    project: { name: definition.name },
    environments: (definition.environments ?? []).map((name) => ({ name })),
    resources,
    edges,
    environment,
    definition,
    services,
    database: database as DatabaseNode,
  };
}

/** Structural errors of the graph, as the SDK reports them (duplicate addresses, dangling edges). */
export function graphErrors(graph: RailwayGraph): string[] {
  return validateGraph(graph);
}

/** A value Railway resolves at deploy time (`${{service.VARIABLE}}`), meaningless locally. */
export function isRailwayTemplate(value: string): boolean {
  return value.includes('${{');
}

export function variable(service: ServiceNode, name: string): VariableValue | undefined {
  return service.variables?.[name];
}

/** A literal variable's value; undefined when the variable is absent or not a literal. */
export function literal(service: ServiceNode, name: string): string | undefined {
  const value = variable(service, name);
  return value?.type === 'literal' ? (value.value ?? undefined) : undefined;
}

/**
 * The service's literal variables as an environment, without Railway templates — what a local
 * process can be given as is. Values Railway supplies (references, preserve(), templates) are
 * listed by externalVariables() and must be provided by the caller.
 */
export function literalEnv(service: ServiceNode): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.variables ?? {})) {
    if (value.type === 'literal' && value.value != null && !isRailwayTemplate(value.value))
      env[name] = value.value;
  }
  return env;
}

/** Variables whose value only exists on Railway: references, preserve()d secrets, templates. */
export function externalVariables(service: ServiceNode): string[] {
  return Object.entries(service.variables ?? {})
    .filter(
      ([, value]) =>
        value.type !== 'literal' || value.value == null || isRailwayTemplate(value.value),
    )
    .map(([name]) => name);
}

/** The root package.json's scripts, read now (not at import time). */
export function rootScripts(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return pkg.scripts ?? {};
}

/** `npm run serve:backend` → `serve:backend`; anything else → undefined. */
export function npmScriptOf(command: string | null | undefined): string | undefined {
  const match = /^npm run ([A-Za-z0-9:_.-]+)$/.exec(command?.trim() ?? '');
  return match?.[1];
}

/**
 * Evaluates .railway/railway.ts in a child process exactly as Railway's CLI (5.4x) does: Node's
 * type stripping, an ES module, the default export called with an empty context, the environment
 * from OPENBELL_RAILWAY_ENVIRONMENT. Proves the file runs outside jest/SWC (erasable syntax only).
 */
export function evaluateLikeRailwayCli(environment: string): ProjectDefinition {
  const harness = [
    'import { pathToFileURL } from "node:url";',
    'const mod = await import(pathToFileURL(process.argv[1]).href);',
    'let exported = mod.default ?? mod;',
    'const definition = typeof exported === "function" ? await exported({}) : exported;',
    'process.stdout.write(JSON.stringify(definition));',
  ].join('\n');
  const result = spawnSync(
    pinnedNode(),
    [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      '--no-warnings',
      '--input-type=module',
      '-e',
      harness,
      '--',
      RAILWAY_FILE,
    ],
    {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, [ENVIRONMENT_VARIABLE]: environment },
      timeout: 30_000,
    },
  );
  if (result.status !== 0)
    throw new Error(`node could not evaluate ${RAILWAY_FILE}:\n${result.stderr || result.error}`);
  return JSON.parse(result.stdout) as ProjectDefinition;
}

/** Node 24 from the `node` devDependency (the version Railway runs), else the current binary. */
function pinnedNode(): string {
  const pinned = join(REPOSITORY_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** For `node <file>` start scripts: does the file exist, or the TypeScript it is built from? */
export function scriptTargetExists(script: string): boolean {
  // `[VAR=value ...] node [--flag ...] <file>.js`: environment prefixes and Node flags allowed.
  const match = /^(?:[A-Z_][A-Z0-9_]*=\S+\s+)*node(?:\s+--[\w-]+(?:=\S+)?)*\s+([^\s]+\.m?js)$/.exec(
    script.trim(),
  );
  if (!match) return false;
  const target = match[1];
  if (existsSync(join(REPOSITORY_ROOT, target))) return true;
  const built = /^backend\/dist\/(.+)\.js$/.exec(target);
  return built !== null && existsSync(join(REPOSITORY_ROOT, 'backend', 'src', `${built[1]}.ts`));
}
