import { Module } from '@nestjs/common';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

/**
 * Raising alerts (AlertsService.raise: the alert row and its outbox rows, in the caller's
 * transaction when given one) and listing them. Import it wherever something raises an alert;
 * delivery and the watchdogs are AlertMonitoringModule.
 */
@Module({
  providers: [AlertsService, AlertsRepository],
  exports: [AlertsService],
})
export class AlertsModule {}
