import { z } from 'zod';

export class StrategyError extends Error {
  override name = 'StrategyError';
}

/** One congressional trade, normalised from Quiver's older or newer field names. */
export interface CongressTrade {
  ticker: string;
  member: string;
  transaction: string;
  /** New York date the trade was filed (reported), 'YYYY-MM-DD'. */
  filed: string;
  traded: string | null;
}

const raw = z
  .object({
    Ticker: z.string().min(1),
    Transaction: z.string().min(1),
    ReportDate: z.string().optional(),
    TransactionDate: z.string().optional(),
    Filed: z.string().optional(),
    Traded: z.string().optional(),
    Representative: z.string().optional(),
    Name: z.string().optional(),
  })
  .passthrough();

const day = (value: string | undefined): string | null => {
  const match = value?.match(/^(\d{4}-\d{2}-\d{2})/);
  return match ? match[1] : null; // the calendar date as written; never through Date/UTC
};

/** Quiver Quantitative: GET /beta/live/congresstrading with a bearer token. */
export class QuiverClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  async congressTrades(): Promise<CongressTrade[]> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/beta/live/congresstrading`, {
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      throw new StrategyError(
        name === 'TimeoutError'
          ? `Quiver did not answer within ${this.timeoutMs} ms`
          : `Quiver unreachable: ${(error as Error).message}`,
      );
    }
    if (response.status === 401 || response.status === 403)
      throw new StrategyError(`Quiver refused the API token (HTTP ${response.status})`);
    if (response.status === 429) throw new StrategyError('Quiver rate limit reached (HTTP 429)');
    if (!response.ok) throw new StrategyError(`Quiver answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new StrategyError('Quiver answered with a body that is not JSON');
    }
    if (!Array.isArray(body))
      throw new StrategyError('Quiver answered with something other than a list of trades');
    const trades: CongressTrade[] = [];
    for (const item of body) {
      const parsed = raw.safeParse(item);
      if (!parsed.success) continue; // one malformed record does not sink the basket
      const r = parsed.data;
      const filed = day(r.Filed ?? r.ReportDate);
      if (!filed) continue;
      trades.push({
        ticker: r.Ticker.trim().toUpperCase(),
        member: (r.Name ?? r.Representative ?? 'unknown').trim(),
        transaction: r.Transaction,
        filed,
        traded: day(r.Traded ?? r.TransactionDate),
      });
    }
    if (body.length > 0 && trades.length === 0)
      throw new StrategyError('Quiver records could not be read (unknown field names)');
    return trades;
  }
}
