/**
 * The Railway CLI's command-line surface at the version the workflows pin (RAILWAY_CLI_VERSION),
 * for the commands Openbell's workflows may use. Read from the CLI's source, not its docs:
 *
 *   repository github.com/railwayapp/cli, tag v5.42.1, commit 4ac44b2b160aecf7708c6238af64ee29b9e182bd
 *   (the newest release that is both tagged there and published on npm as @railway/cli)
 *
 * Every entry names the file its clap definitions come from. clap derives `--kebab-case` long
 * flags from field names, and `short` takes the field's first letter unless given. To move the pin:
 * read the same files at the new tag, update this table and its header, then RAILWAY_CLI_VERSION in
 * the workflows (backend/test/deploy/railway-cli.spec.ts checks they agree).
 */
export const RAILWAY_CLI_VERSION = '5.42.1';

export interface CliCommand {
  /** The source file of its clap `Args` at the tag above. */
  source: string;
  flags: readonly string[];
  /** Flags that exist but this command refuses (checked at run time by the CLI). */
  refuses?: readonly string[];
}

/** Root command (src/macros.rs: clap `.version(...)` and `.propagate_version(true)`; clap's help). */
export const GLOBAL_FLAGS = ['--version', '-V', '--help', '-h'] as const;

/** Subcommand aliases (src/main.rs `commands!(…)`, and `visible_alias` in each file). */
export const ALIASES: Record<string, string> = {
  // src/main.rs: environment(env), variable(variables, vars, var)
  env: 'environment',
  variables: 'variable',
  vars: 'variable',
  var: 'variable',
  // src/commands/environment/mod.rs
  create: 'new',
  add: 'new',
  rm: 'delete',
  remove: 'delete',
  ls: 'list',
  // src/commands/variable.rs: List `ls`, Delete `rm`/`remove` (covered above)
};

const CONFIG_SHARED = [
  '--file',
  '--json',
  '--yes',
  '--confirm-destructive',
  '--decrypt-variables',
  '--include-types',
  '--runner',
  '--verbose',
  '--full',
  '--detailed-exit-code',
  '--show-values',
] as const;

export const COMMANDS: Record<string, CliCommand> = {
  // `Plan(SharedArgs)` and `Apply(SharedArgs)`; `command()` bails on --yes/--confirm-destructive
  // with plan and on --detailed-exit-code with apply.
  'config plan': {
    source: 'src/commands/config/mod.rs',
    flags: CONFIG_SHARED,
    refuses: ['--yes', '--confirm-destructive'],
  },
  'config apply': {
    source: 'src/commands/config/mod.rs',
    flags: CONFIG_SHARED,
    refuses: ['--detailed-exit-code'],
  },
  up: {
    source: 'src/commands/up.rs',
    flags: [
      '--detach',
      '-d',
      '--no-wait',
      '--yes',
      '-y',
      '--ci',
      '-c',
      '--service',
      '-s',
      '--environment',
      '-e',
      '--project',
      '-p',
      '--workspace',
      '-w',
      '--new',
      '--name',
      '--no-gitignore',
      '--path-as-root',
      '--verbose',
      '--json',
      '--message',
      '-m',
    ],
  },
  'environment list': {
    source: 'src/commands/environment/mod.rs',
    flags: ['--ephemeral', '--no-ephemeral', '--json'],
  },
  'environment new': {
    source: 'src/commands/environment/mod.rs',
    flags: ['--duplicate', '-d', '--copy', '-c', '--service-config', '-s', '--json'],
  },
  'environment delete': {
    source: 'src/commands/environment/mod.rs',
    flags: ['--yes', '-y', '--json', '--2fa-code'],
  },
  'environment link': { source: 'src/commands/environment/mod.rs', flags: ['--json'] },
  domain: {
    source: 'src/commands/domain.rs',
    flags: ['--port', '-p', '--service', '-s', '--environment', '-e', '--project', '--json'],
  },
  'variable set': {
    source: 'src/commands/variable.rs',
    flags: [
      '--service',
      '-s',
      '--environment',
      '-e',
      '--project',
      '-p',
      '--stdin',
      '--skip-deploys',
      '--json',
    ],
  },
  'variable list': {
    source: 'src/commands/variable.rs',
    flags: ['--service', '-s', '--environment', '-e', '--project', '-p', '--kv', '-k', '--json'],
  },
  'deployment list': {
    source: 'src/commands/deployment.rs',
    flags: ['--service', '-s', '--environment', '-e', '--project', '-p', '--limit', '--json'],
  },
};
