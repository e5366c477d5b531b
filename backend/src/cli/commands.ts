import type { Command } from './command';
import {
  adminCreateCommand,
  adminDisableCommand,
  adminPasswordCommand,
  adminRoleCommand,
} from './admin.command';
import { migrateCommand } from './migrate.command';
import { planCommand } from './plan.command';
import { runCommand } from './run.command';

/** Every `openbell` command; features add theirs here. */
export const COMMANDS: Command[] = [
  migrateCommand,
  runCommand,
  planCommand,
  adminCreateCommand,
  adminDisableCommand,
  adminPasswordCommand,
  adminRoleCommand,
];
