import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { MIGRATIONS_TABLE } from '../infra/database/data-source';
import { MIGRATION_NAMES } from '../infra/database/migrator';
import { resolveBuildCommit, type BuildCommit } from './build-info';
import type { VersionDto } from './dto/version.dto';

/** The build identity the deploy workflow checks after a deploy (and operators read). */
@Injectable()
export class VersionService {
  private readonly build: BuildCommit;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.build = resolveBuildCommit(config.railwayCommit);
  }

  async version(): Promise<VersionDto> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`,
    );
    const applied = rows.map((row) => row.name);
    const appliedSet = new Set(applied);
    return {
      commit: this.build.commit,
      commitSource: this.build.source,
      migrations: applied,
      pendingMigrations: MIGRATION_NAMES.filter((name) => !appliedSet.has(name)),
    };
  }
}
