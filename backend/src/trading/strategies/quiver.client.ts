import { DateTime } from 'luxon';
import { z } from 'zod';
import { StrategyError } from './strategy';
import { errorText } from '../../infra/error-text';

export { StrategyError } from './strategy';

/** Quiver's live feed is a few MB; this bounds the whole exchange, body included. */
export const QUIVER_TIMEOUT_MS = 20_000;
const NEW_YORK = 'America/New_York';

/** One congressional trade, normalised from Quiver's older or newer field names. */
export interface CongressTrade {
  /** Upper-case ticker as Alpaca spells it ('BRK.B'), or null when the record names none. */
  ticker: string | null;
  /** Who traded: BioGuideID when present, else the member's name. */
  member: string;
  /** 'Purchase', 'Sale (Full)', 'Sale (Partial)', 'Sale', 'Exchange', … as Quiver writes it. */
  transaction: string;
  /** New York date the trade was filed (reported), YYYY-MM-DD. */
  filed: string;
  /** New York date of the trade itself, when readable. */
  traded: string | null;
  /**
   * Quiver's TickerType: 'ST' for a stock; options ('OP'), bonds and others are not stock buys.
   * Null when the record does not say (the older feed).
   */
  tickerType: string | null;
}

const dateField = z.union([z.string(), z.number()]).nullish();
const text = z.string().nullish();

/**
 * A record in either generation of the feed: older `ReportDate` / `TransactionDate` /
 * `Representative`, newer `Filed` / `Traded` / `Name` (+ `BioGuideID`). Other fields pass through.
 */
const quiverRecord = z.looseObject({
  Ticker: text,
  TickerType: text,
  Transaction: text,
  ReportDate: dateField,
  Filed: dateField,
  TransactionDate: dateField,
  Traded: dateField,
  Representative: text,
  Name: text,
  BioGuideID: text,
});

export interface ParsedFeed {
  trades: CongressTrade[];
  /** Records without a transaction type or a readable filing date. */
  unreadable: number;
}

/**
 * Validates and normalises the feed. Individual odd records are tolerated (counted, skipped);
 * a body that is not a list, or a list mostly unreadable (the format changed under us), is not.
 */
export function parseCongressTrades(body: unknown): ParsedFeed {
  if (!Array.isArray(body))
    throw new StrategyError(
      'Quiver answered with something other than a list of trades',
      'bad-response',
    );
  const trades: CongressTrade[] = [];
  let unreadable = 0;
  for (const item of body) {
    const parsed = quiverRecord.safeParse(item);
    const record = parsed.success ? parsed.data : null;
    const filed = record ? newYorkDate(record.Filed ?? record.ReportDate) : null;
    const transaction = record?.Transaction?.trim();
    if (!record || !filed || !transaction) {
      unreadable++;
      continue;
    }
    trades.push({
      ticker: normaliseTicker(record.Ticker),
      member: (record.BioGuideID ?? record.Name ?? record.Representative ?? '').trim() || 'unknown',
      transaction,
      filed,
      traded: newYorkDate(record.Traded ?? record.TransactionDate),
      tickerType: record.TickerType?.trim().toUpperCase() || null,
    });
  }
  if (body.length > 0 && unreadable > trades.length)
    throw new StrategyError(
      `Quiver records could not be read: ${unreadable} of ${body.length} have no transaction or filing date (field names changed?)`,
      'bad-response',
    );
  return { trades, unreadable };
}

/**
 * A Quiver date as the New York calendar date it denotes. Dates written as dates — '2026-11-20',
 * or a timestamp at midnight such as '2026-11-20T00:00:00' / '…T00:00:00Z' / epoch ms at UTC
 * midnight — are that date: shifting a UTC midnight to New York would land on the day before. A
 * real instant (a time of day with an offset) is converted to New York.
 */
export function newYorkDate(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const instant = DateTime.fromMillis(value, { zone: 'utc' });
    if (!instant.isValid) return null;
    return value % 86_400_000 === 0 ? instant.toISODate() : instant.setZone(NEW_YORK).toISODate();
  }
  const trimmed = value.trim();
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](.*))?$/.exec(trimmed);
  if (!match) return null;
  const [, date, time] = match;
  if (!DateTime.fromISO(date, { zone: NEW_YORK }).isValid) return null;
  if (time === undefined || /^00:00(:00(\.0+)?)?(Z|[+-]00(:?00)?)?$/i.test(time)) return date;
  if (/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(time)) {
    const instant = DateTime.fromISO(trimmed.replace(' ', 'T'), { setZone: true });
    return instant.isValid ? instant.setZone(NEW_YORK).toISODate() : null;
  }
  return date; // a wall-clock time without a zone: the date as written
}

/** 'brk/b', 'BRK-B', ' BRK.B ' → 'BRK.B'; '--', 'N/A' and blanks → null. */
function normaliseTicker(ticker: string | null | undefined): string | null {
  const symbol = ticker?.trim().toUpperCase().replace(/[/-]/g, '.');
  return symbol && /^[A-Z][A-Z0-9.]*$/.test(symbol) && symbol !== 'N.A' ? symbol : null;
}

export interface CongressTradesSource {
  congressTrades(): Promise<CongressTrade[]>;
}

/** Quiver Quantitative: GET {baseUrl}/beta/live/congresstrading with a bearer token. */
export class QuiverClient implements CongressTradesSource {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number = QUIVER_TIMEOUT_MS,
  ) {}

  /** The live feed, parsed; any failure is a StrategyError whose message is the run's reason. */
  async congressTrades(): Promise<CongressTrade[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const timedOut = () =>
      new StrategyError(`Quiver did not answer within ${this.timeoutMs} ms`, 'unavailable');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/beta/live/congresstrading`, {
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw timedOut();
      throw new StrategyError(`Quiver unreachable: ${describe(error)}`, 'unavailable');
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new StrategyError(
        `Quiver refused the API token (HTTP ${response.status})`,
        'unauthorized',
      );
    }
    if (response.status === 429) {
      await response.body?.cancel();
      throw new StrategyError('Quiver rate limit reached (HTTP 429)', 'rate-limited');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new StrategyError(`Quiver unavailable (HTTP ${response.status})`, 'unavailable');
    }
    let raw: string;
    try {
      raw = await response.text();
    } catch (error) {
      if (signal.aborted) throw timedOut();
      throw new StrategyError(`Quiver connection failed mid-answer: ${describe(error)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new StrategyError('Quiver answered with a body that is not JSON', 'bad-response');
    }
    return parseCongressTrades(body).trades;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? errorText(error);
}
