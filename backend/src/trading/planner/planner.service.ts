import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import type { OrderSide } from '../order-intent.entity';
import type { Plan, PlanInput, PlannerPort } from '../run-ports';
import { clientOrderId } from './client-order-id';
import { plan } from './planner';

/** The planner with the configured risk limits. */
@Injectable()
export class PlannerService implements PlannerPort {
  constructor(private readonly config: AppConfig) {}

  plan(input: PlanInput): Plan {
    return plan(input, this.config.risk);
  }

  clientOrderId(key: {
    tradingDay: string;
    strategy: string;
    symbol: string;
    side: OrderSide;
  }): string {
    return clientOrderId(key);
  }
}
