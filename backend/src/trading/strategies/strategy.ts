import { SYMBOL_PATTERN } from '../../infra/config/config.schema';

/** One target: a symbol and the share of account equity to hold in it. */
export interface TargetWeight {
  symbol: string;
  /** In (0, 1], at most 6 decimals; the weights of one strategy sum to at most 1. */
  weight: number;
}

export interface StrategyContext {
  /** New York date of the session being traded, YYYY-MM-DD (from the broker's calendar). */
  tradingDay: string;
}

/** Turns a trading day into the portfolio to hold (what is not allocated stays in cash). */
export interface Strategy {
  readonly name: string;
  targets(context: StrategyContext): Promise<TargetWeight[]>;
}

export type StrategyFailure =
  | 'unavailable' // network error, timeout, 5xx
  | 'unauthorized' // 401/403
  | 'rate-limited' // 429
  | 'bad-response' // not JSON, not the expected shape
  | 'no-signal' // nothing to hold: refused rather than liquidating on possibly stale data
  | 'invalid-targets'; // a strategy produced weights that break the contract

/**
 * The strategy could not say what to hold. The run fails with `message` as its reason and places
 * no orders; a later trigger inside the window may try again.
 */
export class StrategyError extends Error {
  override name = 'StrategyError';

  constructor(
    message: string,
    readonly failure: StrategyFailure = 'unavailable',
  ) {
    super(message);
  }
}

const NANO = 1_000_000_000;

/**
 * Everything wrong with a target list, as `targets.<i>.<field> …` messages (empty when valid):
 * symbols like SPY or BRK.B, 0 < weight ≤ 1, no symbol twice, sum ≤ 1 (summed in billionths, so
 * ten weights of 0.1 make exactly 1). `maxDecimals` limits the weights' decimals (the database
 * keeps 6).
 */
export function targetProblems(
  targets: readonly TargetWeight[],
  { maxDecimals = 9 }: { maxDecimals?: number } = {},
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const unit = 10 ** maxDecimals;
  let totalNanos = 0;
  targets.forEach((target, i) => {
    if (typeof target.symbol !== 'string' || !SYMBOL_PATTERN.test(target.symbol))
      problems.push(`targets.${i}.symbol "${String(target.symbol)}" is not a valid symbol`);
    else if (seen.has(target.symbol))
      problems.push(`targets.${i}.symbol ${target.symbol} is listed twice`);
    else seen.add(target.symbol);
    const weight = target.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 1) {
      problems.push(`targets.${i}.weight must be greater than 0 and at most 1`);
      return;
    }
    const scaled = weight * unit; // a double: allow for its representation error, nothing more
    if (Math.abs(scaled - Math.round(scaled)) > 1e-3 || Math.round(scaled) === 0)
      problems.push(`targets.${i}.weight has more than ${maxDecimals} decimals`);
    totalNanos += Math.round(weight * NANO);
  });
  if (totalNanos > NANO)
    problems.push(
      `targets weights sum to ${(totalNanos / NANO).toFixed(9).replace(/0{1,3}$/, '')}, more than 1`,
    );
  return problems;
}

/** A strategy's last check before its targets reach the planner. */
export function assertValidTargets(strategy: string, targets: readonly TargetWeight[]): void {
  const problems = targetProblems(targets);
  if (problems.length > 0)
    throw new StrategyError(
      `${strategy} produced invalid targets: ${problems.join('; ')}`,
      'invalid-targets',
    );
}
