import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { HeartbeatClient } from '../heartbeat/heartbeat.client';
import { HeartbeatPinger } from '../heartbeat/heartbeat.pinger';
import { DailyRunCron } from './daily-run.cron';

/** Worker/all roles only: the cron that attempts the daily run, and the dead man's switch pings. */
@Module({})
export class SchedulingModule {
  static forRoot(runAttempter: Provider, imports: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [ScheduleModule.forRoot(), ...(imports ?? [])],
      providers: [DailyRunCron, runAttempter, HeartbeatClient, HeartbeatPinger],
    };
  }
}
