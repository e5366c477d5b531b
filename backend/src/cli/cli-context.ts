import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { openBroker, openDatabase } from '../bootstrap';
import { dataSourceOptions } from '../infra/database/data-source';
import { runMigrations } from '../infra/database/migrator';
import { InfraModule } from '../infra/infra.module';
import { LifecycleService } from '../infra/lifecycle/lifecycle.service';
import { BrokerModule } from '../trading/broker/broker.module';
import { PortfolioModule } from '../portfolio/portfolio.module';
import { TradingModule } from '../trading/trading.module';
import type { CommandContext } from './command';

@Module({})
class CliModule {
  static forRoot(ctx: CommandContext, databaseUrl: string, brokerBaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        InfraModule.forRoot(ctx.config, new LifecycleService()),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { applicationName: 'openbell-cli', poolSize: 4 }),
          retryAttempts: 0,
        }),
        BrokerModule.forRoot(brokerBaseUrl),
        TradingModule,
        // A run from the CLI ends with the same snapshot and summary as the scheduler's.
        PortfolioModule,
      ],
    };
  }
}

/**
 * The services a CLI command needs — database (migrated), broker, trading — without HTTP or the
 * scheduler. Same configuration, same ledger, same gate as the service.
 */
export async function withTradingContext<T>(
  ctx: CommandContext,
  body: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(ctx.config, ctx.logger);
  const broker = await openBroker(ctx.config, ctx.logger).catch(async (error: unknown) => {
    if (database.owned) await database.stop();
    throw error;
  });
  let app: INestApplicationContext | undefined;
  try {
    await runMigrations(database.url, (message) => ctx.logger.info(message));
    app = await NestFactory.createApplicationContext(
      CliModule.forRoot(ctx, database.url, broker.baseUrl),
      { logger: false, abortOnError: false },
    );
    return await body(app);
  } finally {
    await app?.close();
    await broker.stop();
    if (database.owned) await database.stop();
  }
}
