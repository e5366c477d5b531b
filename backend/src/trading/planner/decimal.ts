/** Exact decimal strings ⇄ scaled BigInt. Money never goes through floating point here. */
export const MICROS = 1_000_000n;

/** '123.456789' → 123456789n micros (truncating beyond 6 decimals). */
export function toMicros(value: string | number): bigint {
  const text = typeof value === 'number' ? value.toFixed(6) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a decimal: "${value}"`);
  const negative = text.startsWith('-');
  const [int, frac = ''] = text.replace('-', '').split('.');
  const micros = BigInt(int) * MICROS + BigInt((frac + '000000').slice(0, 6));
  return negative ? -micros : micros;
}

/** micros → decimal string with `decimals` places, rounded toward zero. */
export function fromMicros(micros: bigint, decimals: number): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const int = abs / MICROS;
  const frac = (abs % MICROS).toString().padStart(6, '0').slice(0, decimals);
  return `${negative && (int > 0n || /[1-9]/.test(frac)) ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}`;
}

/** Rounds toward zero to whole cents. */
export const toCents = (micros: bigint): bigint => (micros / 10_000n) * 10_000n;

export const min = (a: bigint, b: bigint) => (a < b ? a : b);
export const max = (a: bigint, b: bigint) => (a > b ? a : b);
export const abs = (a: bigint) => (a < 0n ? -a : a);
