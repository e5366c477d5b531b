import type { Command } from './command';
import { migrateCommand } from './migrate.command';

/** Every `openbell` command; features add theirs here. */
export const COMMANDS: Command[] = [migrateCommand];
