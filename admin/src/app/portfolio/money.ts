/**
 * Display formatting of the API's decimal strings. Amounts arrive as exact decimals; they are
 * only turned into numbers here, to print them (never to compute money).
 */
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** "$1,234.56", "-$12.30"; "—" when unknown. */
export function dollars(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return usd.format(Number(value));
}

/** "+$12.30" / "-$12.30" for changes. */
export function signedDollars(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  return `${n > 0 ? '+' : ''}${usd.format(n)}`;
}

/** A fraction as a percentage: "0.012345" → "1.23 %" (signed with `signed`). */
export function percent(fraction: string | null | undefined, signed = false): string {
  if (fraction === null || fraction === undefined || fraction === '') return '—';
  const n = Number(fraction) * 100;
  return `${signed && n > 0 ? '+' : ''}${n.toFixed(2)} %`;
}

/** 'gain' | 'loss' | 'flat' for colouring a signed amount. */
export function tone(value: string | null | undefined): 'gain' | 'loss' | 'flat' {
  if (value === null || value === undefined || value === '') return 'flat';
  const n = Number(value);
  return n > 0 ? 'gain' : n < 0 ? 'loss' : 'flat';
}
