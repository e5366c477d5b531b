import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const BACKEND_DIR = resolve(__dirname, '../..');
export const MAIN_JS = resolve(BACKEND_DIR, 'dist/main.js');
export const CLI_JS = resolve(BACKEND_DIR, 'dist/cli/main.js');

/** The environment a child process gets: only what the test sets (plus PATH), never the developer's. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...env,
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(MAIN_JS))
    throw new Error(`${MAIN_JS} is missing: run the backend build (npm test does)`);
}

/** Runs a compiled entry point to completion. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
  timeoutMs = 60_000,
): Promise<Finished> {
  assertBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: childEnv(env),
      cwd: BACKEND_DIR,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${script} ${args.join(' ')} did not finish within ${timeoutMs}ms\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts dist/main.js on an ephemeral port and resolves once it logs its URL. */
export function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<Server> {
  assertBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [MAIN_JS], {
      env: childEnv({ PORT: '0', ...env }),
      cwd: BACKEND_DIR,
    });
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs}ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = out.match(/listening on (http:\/\/[^\s"]+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          child,
          url: match[1].replace('[::]', '127.0.0.1'),
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}
