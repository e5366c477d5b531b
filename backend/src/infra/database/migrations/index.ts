import { InitialSchema1763800000000 } from './1763800000000-InitialSchema';
import { OrderEstimatedNotional1764500000000 } from './1764500000000-OrderEstimatedNotional';
import { WatchdogState1764600000000 } from './1764600000000-WatchdogState';
import { RunSafety1765000000000 } from './1765000000000-RunSafety';
import { BrokerBudget1765000000100 } from './1765000000100-BrokerBudget';
import { SecurityHardening1765100000000 } from './1765100000000-SecurityHardening';
import { PortfolioSnapshot1765400000000 } from './1765400000000-PortfolioSnapshot';
import { AuditFilterIndexes1765600000000 } from './1765600000000-AuditFilterIndexes';
import { TimeOrderedIds1765700000000 } from './1765700000000-TimeOrderedIds';

/** Every migration, in order. The app, the CLI and the tests all run exactly this list. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  OrderEstimatedNotional1764500000000,
  WatchdogState1764600000000,
  RunSafety1765000000000,
  BrokerBudget1765000000100,
  SecurityHardening1765100000000,
  PortfolioSnapshot1765400000000,
  AuditFilterIndexes1765600000000,
  TimeOrderedIds1765700000000,
];
