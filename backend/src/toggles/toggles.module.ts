import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { TogglesService } from './toggles.service';

/** The kill switch and the scheduler pause (database rows every replica reads). */
@Module({
  imports: [AuditModule, AlertsModule],
  providers: [TogglesService],
  exports: [TogglesService],
})
export class TogglesModule {}
