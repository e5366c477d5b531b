import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import type { Plan, PlanInput } from './plan.types';
import { clientOrderId, type ClientOrderIdKey } from './client-order-id';
import { plan } from './planner';

/** The planner with the configured risk limits (RISK_*). */
@Injectable()
export class PlannerService {
  constructor(private readonly config: AppConfig) {}

  plan(input: PlanInput): Plan {
    return plan(input, this.config.risk);
  }

  clientOrderId(key: ClientOrderIdKey): string {
    return clientOrderId(key);
  }
}
