/** Quiver congress-trading records in the feed's two generations of field names. */

export interface CongressRecordInput {
  ticker: string | null;
  member?: string;
  transaction?: string;
  /** Filing (report) date as Quiver writes it. */
  filed: string | number;
  traded?: string | number | null;
}

/** Older field names: ReportDate / TransactionDate / Representative. */
export function olderCongressRecord(input: CongressRecordInput): Record<string, unknown> {
  return {
    Representative: input.member ?? 'A. Member',
    ReportDate: input.filed,
    TransactionDate: input.traded ?? input.filed,
    Ticker: input.ticker,
    Transaction: input.transaction ?? 'Purchase',
    Amount: '1001.0',
    House: 'Representatives',
    Range: '$1,001 - $15,000',
    Party: 'D',
  };
}

/** Newer field names: Filed / Traded / Name (+ BioGuideID when `bioGuideId` is given). */
export function newerCongressRecord(
  input: CongressRecordInput & { bioGuideId?: string },
): Record<string, unknown> {
  return {
    Name: input.member ?? 'A. Member',
    ...(input.bioGuideId ? { BioGuideID: input.bioGuideId } : {}),
    Filed: input.filed,
    Traded: input.traded ?? input.filed,
    Ticker: input.ticker,
    TickerType: 'ST',
    Transaction: input.transaction ?? 'Purchase',
    Trade_Size_USD: '15001.0',
    Chamber: 'House',
    Party: 'R',
    Description: null,
    excess_return: null,
  };
}
