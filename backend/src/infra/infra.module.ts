import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { LifecycleService } from './lifecycle/lifecycle.service';

/** Cross-cutting providers every feature may inject: the validated config and the lifecycle state. */
@Global()
@Module({})
export class InfraModule {
  static forRoot(config: AppConfig, lifecycle: LifecycleService): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LifecycleService, useValue: lifecycle },
      ],
      exports: [AppConfig, LifecycleService],
    };
  }
}
