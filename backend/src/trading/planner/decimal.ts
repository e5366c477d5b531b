/**
 * Exact fixed-point decimals for the planner: a bigint counting billionths (10⁻⁹), the finest
 * precision Alpaca uses (fractional share quantities have up to 9 decimals). Money arrives and
 * leaves as decimal strings; nothing in between goes through floating point.
 */
export type Fixed = bigint;

export const SCALE = 9;
export const ONE: Fixed = 10n ** BigInt(SCALE);
const CENT: Fixed = ONE / 100n;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** '123.45' → 123450000000n. Digits beyond the 9th decimal are truncated toward zero. */
export function parseDecimal(text: string): Fixed {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new Error(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const value = BigInt(whole) * ONE + BigInt(fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return sign === '-' ? -value : value;
}

/**
 * A JS number (a weight such as 0.6 or 0.333333, a configured dollar limit) → Fixed. Such values
 * have few decimals, which toFixed(9) renders exactly; anything finer is rounded at the 9th decimal.
 */
export function fromNumber(value: number): Fixed {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return parseDecimal(value.toFixed(SCALE));
}

/** Fixed → decimal string with exactly `decimals` places, truncated toward zero. */
export function formatDecimal(value: Fixed, decimals: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / ONE;
  const fraction = (magnitude % ONE).toString().padStart(SCALE, '0').slice(0, decimals);
  const zero = whole === 0n && !/[1-9]/.test(fraction);
  return `${negative && !zero ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** Fixed → shortest decimal string (no trailing zeros): '3.5', '12', '0.000000001'. */
export function formatQuantity(value: Fixed): string {
  return formatDecimal(value, SCALE).replace(/\.?0+$/, '');
}

/** a × b (both Fixed), truncated toward zero. */
export const multiply = (a: Fixed, b: Fixed): Fixed => (a * b) / ONE;

/** a ÷ b (both Fixed), truncated toward zero. */
export function divide(a: Fixed, b: Fixed): Fixed {
  if (b === 0n) throw new Error('division by zero');
  return (a * ONE) / b;
}

/**
 * a × b ÷ c (any Fixed or plain bigint factors), with a single truncation toward zero: a pro-rata
 * share such as cost × sold ÷ held stays exact where multiply-then-divide would truncate twice.
 */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  if (c === 0n) throw new Error('division by zero');
  return (a * b) / c;
}

/** Rounds a non-negative amount down to whole cents. */
export function floorToCents(value: Fixed): Fixed {
  if (value < 0n) throw new Error('floorToCents expects a non-negative amount');
  return value - (value % CENT);
}

/** Rounds a non-negative amount down to whole units (whole shares). */
export function floorToWhole(value: Fixed): Fixed {
  if (value < 0n) throw new Error('floorToWhole expects a non-negative amount');
  return value - (value % ONE);
}

export const abs = (a: Fixed): Fixed => (a < 0n ? -a : a);
export const min = (a: Fixed, b: Fixed): Fixed => (a < b ? a : b);
export const max = (a: Fixed, b: Fixed): Fixed => (a > b ? a : b);

/** Money for messages and order notionals: two decimals, truncated. */
export const dollars = (value: Fixed): string => formatDecimal(value, 2);
