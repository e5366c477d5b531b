import { AlertDeliveryEntity, AlertEntity } from '../../alerts/alert.entity';
import { AuditEventEntity } from '../../audit/audit-event.entity';
import { AdminUserEntity } from '../../auth/admin-user.entity';
import { JobRunEntity } from '../../scheduling/job-run.entity';
import { ToggleEntity } from '../../toggles/toggle.entity';
import { OrderIntentEntity } from '../../trading/order-intent.entity';
import { StrategyTargetEntity } from '../../trading/strategies/strategy-target.entity';

export const ENTITIES = [
  JobRunEntity,
  OrderIntentEntity,
  StrategyTargetEntity,
  ToggleEntity,
  AuditEventEntity,
  AdminUserEntity,
  AlertEntity,
  AlertDeliveryEntity,
];
