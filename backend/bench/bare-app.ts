/**
 * The benchmarks' reference: a bare NestJS + terminus + TypeORM app, booted the same way as
 * Openbell, whose readiness pings the database on every request (what a naive app does).
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  HealthCheck,
  HealthCheckService,
  TerminusModule,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';

// The bench passes its settings on the command line, so this file reads no environment.
const [databaseUrl, port] = process.argv.slice(2);

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database')]);
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, synchronize: false }),
    TerminusModule,
  ],
  controllers: [HealthController],
})
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(port), '127.0.0.1');
  console.log(`listening on http://127.0.0.1:${port}`);
}
void main();
