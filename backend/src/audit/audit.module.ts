import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditedMutation } from './audited-mutation';

/**
 * The audit trail. Services that change something import it and go through AuditedMutation
 * (audit before effect); AuditService reads the trail and records inside a caller's transaction.
 */
@Module({
  providers: [AuditService, AuditedMutation],
  exports: [AuditService, AuditedMutation],
})
export class AuditModule {}
