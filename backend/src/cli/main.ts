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
  process.exitCode = code;
});
