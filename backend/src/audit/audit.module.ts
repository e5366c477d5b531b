import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/**
 * AuditService for any module whose service changes something (import AuditModule there).
 * AuditController is registered by ApiModule with the rest of the /api surface.
 */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
