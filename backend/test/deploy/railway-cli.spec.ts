/**
 * Every `railway …` command the GitHub workflows run, held against the pinned CLI's subcommands and
 * flags (railway-cli-5.42.1.ts, read from the CLI's source at that tag), plus the rules that make
 * a deploy real: the CLI is pinned, `npm ci` precedes evaluating railway.ts, railway.ts is applied
 * non-interactively before each service is deployed by name, PR environments are never copies of
 * staging, and no failure is swallowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ALIASES, COMMANDS, GLOBAL_FLAGS, RAILWAY_CLI_VERSION } from './railway-cli-5.42.1';

const WORKFLOWS = join(__dirname, '../../../.github/workflows');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string> }>;
}
export interface RailwayInvocation {
  file: string;
  step: string;
  command: string;
  args: string[];
  line: string;
}

/** Shell words of one command line: quotes removed, `$VAR`/`"$VAR"` kept as one word. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

/**
 * The `railway` invocations in a shell script (command position: line start, after | ; && || $(
 * or a shell keyword), `npx @railway/cli …` included.
 */
export function railwayInvocations(script: string): string[][] {
  const joined = script.replace(/\\\n/g, ' ');
  const found: string[][] = [];
  const pattern =
    /(?:^|[|;&(]|\$\()\s*(?:(?:if|then|else|do|while|until|!)\s+)*(?:railway|npx\s+(?:--yes\s+)?@railway\/cli(?:@\S+)?)((?:\s+[^|;&)\n]*)?)/gm;
  for (const match of joined.matchAll(pattern)) {
    found.push(shellWords(match[1] ?? ''));
  }
  return found;
}

/** Resolves the subcommand path (aliases included) and checks every flag; returns the problems. */
export function checkInvocation(args: string[]): { command: string; problems: string[] } {
  const words = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]);
  if (words.length === 0) {
    const unknown = flags.filter((f) => !(GLOBAL_FLAGS as readonly string[]).includes(f));
    return { command: '', problems: unknown.map((f) => `unknown flag ${f} for railway`) };
  }
  const canonical = words.map((w) => ALIASES[w] ?? w);
  const two = canonical.slice(0, 2).join(' ');
  const command = COMMANDS[two] ? two : COMMANDS[canonical[0]] ? canonical[0] : null;
  if (!command)
    return {
      command: words.slice(0, 2).join(' '),
      problems: [`unknown command "${words[0]} ${words[1] ?? ''}"`],
    };
  const spec = COMMANDS[command];
  const problems: string[] = [];
  for (const flag of flags) {
    if (!spec.flags.includes(flag) && !(GLOBAL_FLAGS as readonly string[]).includes(flag))
      problems.push(`railway ${command} has no flag ${flag} (${spec.source})`);
    if (spec.refuses?.includes(flag)) problems.push(`railway ${command} refuses ${flag}`);
  }
  return { command, problems };
}

function loadWorkflows(): { file: string; text: string; workflow: Workflow }[] {
  return readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((file) => {
      const text = readFileSync(join(WORKFLOWS, file), 'utf8');
      return { file, text, workflow: load(text) as Workflow };
    });
}

function invocations(): RailwayInvocation[] {
  return loadWorkflows().flatMap(({ file, workflow }) =>
    Object.values(workflow.jobs).flatMap((job) =>
      job.steps
        .filter((step) => step.run)
        .flatMap((step) =>
          railwayInvocations(step.run!).map((args) => ({
            file,
            step: step.name ?? step.run!.slice(0, 40),
            command: checkInvocation(args).command,
            args,
            line: `railway ${args.join(' ')}`,
          })),
        ),
    ),
  );
}

describe('the workflows against Railway CLI ' + RAILWAY_CLI_VERSION, () => {
  const all = invocations();

  it('finds the deploy, PR and removal commands', () => {
    expect(new Set(all.map((i) => `${i.file}: ${i.command}`))).toEqual(
      new Set([
        'deploy.yml: ',
        'deploy.yml: config plan',
        'deploy.yml: config apply',
        'deploy.yml: up',
        'preview.yml: ',
        'preview.yml: environment list',
        'preview.yml: environment new',
        'preview.yml: config plan',
        'preview.yml: config apply',
        'preview.yml: variable set',
        'preview.yml: up',
        'preview.yml: domain',
        'preview.yml: environment delete',
      ]),
    );
  });

  it('uses only subcommands and flags that exist in the pinned version', () => {
    const problems = all.flatMap((i) =>
      checkInvocation(i.args).problems.map((p) => `${i.file} "${i.step}": ${i.line}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('pins the CLI: every workflow that calls it installs exactly RAILWAY_CLI_VERSION, never a floating npx', () => {
    for (const { file, text, workflow } of loadWorkflows()) {
      expect(text).not.toMatch(/npx\s+(--yes\s+)?@railway\/cli/);
      if (!all.some((i) => i.file === file)) continue;
      expect({ file, version: workflow.env?.RAILWAY_CLI_VERSION }).toEqual({
        file,
        version: RAILWAY_CLI_VERSION,
      });
      const installs = Object.values(workflow.jobs).flatMap((job) =>
        job.steps.filter((s) => s.run?.includes('npm install --global')),
      );
      expect(installs.length).toBeGreaterThan(0);
      for (const step of installs) {
        expect(step.run).toContain('"@railway/cli@$RAILWAY_CLI_VERSION"');
        expect(step.run).toContain('railway --version | grep -F "$RAILWAY_CLI_VERSION"');
      }
    }
  });

  it('deploys each service by name and waits for its verdict (--ci), never all at once; the backup cron job, which has no health, detached', () => {
    const ups = all.filter((i) => i.command === 'up');
    const service = (up: (typeof ups)[number]) => up.args[up.args.indexOf('--service') + 1];
    for (const up of ups) {
      if (service(up) === 'backup') {
        expect(up.args).toContain('--detach');
        expect(up.args).not.toContain('--ci');
        continue;
      }
      expect(up.args).toContain('--ci');
      expect(service(up)).toMatch(/^(api|worker|admin)$/);
    }
    expect(ups.filter((u) => u.file === 'deploy.yml').map(service)).toEqual([
      'api',
      'worker',
      'admin',
      'backup',
    ]);
    // PR environments have no backup (railway.ts).
    expect(ups.filter((u) => u.file === 'preview.yml').map(service)).toEqual([
      'api',
      'worker',
      'admin',
    ]);
  });

  it('applies railway.ts non-interactively, after npm ci, before any service is deployed, and never forces a destructive change', () => {
    for (const { file, workflow } of loadWorkflows()) {
      for (const job of Object.values(workflow.jobs)) {
        const runs = job.steps.map((s) => s.run ?? '');
        const apply = runs.findIndex((r) => /railway config apply/.test(r));
        const firstUp = runs.findIndex((r) => /railway up/.test(r));
        if (firstUp === -1) continue;
        expect({ file, apply: apply >= 0 }).toEqual({ file, apply: true });
        expect(apply).toBeLessThan(firstUp);
        expect(runs.findIndex((r) => /^npm ci\b/.test(r))).toBeLessThan(apply);
      }
    }
    for (const apply of all.filter((i) => i.command === 'config apply')) {
      expect(apply.args).toContain('--yes');
      expect(apply.args).not.toContain('--confirm-destructive');
    }
  });

  it('never creates a PR environment as a copy of another, and never swallows a railway failure', () => {
    for (const i of all.filter((x) => x.command === 'environment new')) {
      expect(i.args).not.toEqual(expect.arrayContaining(['--duplicate']));
      expect(i.args.some((a) => ['-d', '--copy', '-c'].includes(a))).toBe(false);
    }
    for (const { file, text } of loadWorkflows())
      expect({ file, swallowed: /railway[^\n]*\|\|\s*true/.test(text) }).toEqual({
        file,
        swallowed: false,
      });
  });

  it('the docs install the same pinned version', () => {
    for (const doc of ['docs/deployment.md', 'docs/setup.md']) {
      const text = readFileSync(join(__dirname, '../../..', doc), 'utf8');
      const pins = [...text.matchAll(/@railway\/cli@([\w.]+)/g)].map((m) => m[1]);
      expect({ doc, pins: [...new Set(pins)] }).toEqual({ doc, pins: [RAILWAY_CLI_VERSION] });
    }
  });

  it('the checker itself rejects what does not exist', () => {
    expect(checkInvocation(shellWords('up --ci --service api --wait')).problems).toEqual([
      'railway up has no flag --wait (src/commands/up.rs)',
    ]);
    expect(checkInvocation(shellWords('config apply --detailed-exit-code')).problems).toEqual([
      'railway config apply refuses --detailed-exit-code',
    ]);
    expect(checkInvocation(shellWords('config plan --yes')).problems).toEqual([
      'railway config plan refuses --yes',
    ]);
    expect(checkInvocation(shellWords('deploy-everything now')).problems).toEqual([
      'unknown command "deploy-everything now"',
    ]);
    expect(checkInvocation(shellWords('env rm "pr-7" --yes'))).toEqual({
      command: 'environment delete',
      problems: [],
    });
    expect(
      railwayInvocations(
        'x=$(railway domain --service "$s" --json | jq .)\nrailway \\\n  up --ci\nif railway environment list; then :; fi',
      ),
    ).toEqual([
      ['domain', '--service', '$s', '--json'],
      ['up', '--ci'],
      ['environment', 'list'],
    ]);
  });
});
