import { diffTargets, toRows, totalPercent, toTargets, validateRows } from './targets';

describe('fixed-weights targets', () => {
  it('shows weights as percent and saves them back as exact fractions', () => {
    const rows = toRows([
      { symbol: 'SPY', weight: 0.6 },
      { symbol: 'TLT', weight: 0.123456 },
    ]);
    expect(rows).toEqual([
      { symbol: 'SPY', percent: '60' },
      { symbol: 'TLT', percent: '12.3456' },
    ]);
    expect(toTargets([{ symbol: ' spy ', percent: '10.1' }, ...rows.slice(1)])).toEqual([
      { symbol: 'SPY', weight: 0.101 },
      { symbol: 'TLT', weight: 0.123456 },
    ]);
  });

  it('adds exactly: 10.1 + 20.2 + 69.7 is 100', () => {
    const rows = [
      { symbol: 'A', percent: '10.1' },
      { symbol: 'B', percent: '20.2' },
      { symbol: 'C', percent: '69.7' },
    ];
    expect(totalPercent(rows)).toBe(100);
    expect(validateRows(rows)).toEqual([]);
  });

  it('names every problem with its row', () => {
    expect(
      validateRows([
        { symbol: 'SPY', percent: '60' },
        { symbol: 'spy', percent: '30' },
        { symbol: 'bad symbol', percent: '0' },
        { symbol: 'TLT', percent: '12.34567' },
        { symbol: 'GLD', percent: '101' },
      ]),
    ).toEqual([
      'Row 2 (SPY): SPY appears twice',
      'Row 3 (BAD SYMBOL): symbol must be a ticker such as SPY or BRK.B',
      'Row 3 (BAD SYMBOL): weight must be greater than 0 %',
      'Row 4 (TLT): weight must be a number of percent with at most 4 decimals',
      'Row 5 (GLD): weight must be at most 100 %',
      'Weights add up to 191 %: at most 100 %.',
    ]);
    expect(validateRows([])).toEqual(['Add at least one target.']);
    expect(
      validateRows([
        { symbol: 'SPY', percent: '60' },
        { symbol: 'TLT', percent: '40.0001' },
      ]),
    ).toEqual(['Weights add up to 100.0001 %: at most 100 %.']);
  });

  it('diffs added, removed and changed symbols', () => {
    expect(
      diffTargets(
        [
          { symbol: 'SPY', weight: 0.6 },
          { symbol: 'TLT', weight: 0.4 },
        ],
        [
          { symbol: 'SPY', weight: 0.5 },
          { symbol: 'GLD', weight: 0.2 },
        ],
      ),
    ).toEqual([
      { symbol: 'GLD', kind: 'added', before: null, after: 0.2 },
      { symbol: 'SPY', kind: 'changed', before: 0.6, after: 0.5 },
      { symbol: 'TLT', kind: 'removed', before: 0.4, after: null },
    ]);
  });
});
