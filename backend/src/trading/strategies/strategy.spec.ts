import { assertValidTargets, StrategyError, targetProblems } from './strategy';

describe('target contract', () => {
  it('accepts valid lists, including weights summing to exactly 1 in floats that do not', () => {
    expect(targetProblems([])).toEqual([]);
    expect(targetProblems([{ symbol: 'BRK.B', weight: 1 }])).toEqual([]);
    const tenths = Array.from({ length: 10 }, (_, i) => ({ symbol: `S${i}`, weight: 0.1 }));
    expect(tenths.reduce((s, t) => s + t.weight, 0)).not.toBe(1); // 0.9999999999999999
    expect(targetProblems(tenths)).toEqual([]);
    expect(targetProblems([{ symbol: 'SPY', weight: 0.1234567 }])).toEqual([]); // 9 decimals allowed by default
  });

  it('names every problem at once', () => {
    expect(
      targetProblems(
        [
          { symbol: 'spy', weight: 0.5 },
          { symbol: 'QQQ', weight: -1 },
          { symbol: 'QQQ', weight: 0.6 },
          { symbol: 'TLT', weight: 0.1234567 },
        ],
        { maxDecimals: 6 },
      ),
    ).toEqual([
      'targets.0.symbol "spy" is not a valid symbol',
      'targets.1.weight must be greater than 0 and at most 1',
      'targets.2.symbol QQQ is listed twice',
      'targets.3.weight has more than 6 decimals',
      'targets weights sum to 1.2234567, more than 1',
    ]);
  });

  it('turns a broken list into a StrategyError that fails the run', () => {
    expect(() => assertValidTargets('x', [{ symbol: 'SPY', weight: 2 }])).toThrow(
      new StrategyError(
        'x produced invalid targets: targets.0.weight must be greater than 0 and at most 1',
      ),
    );
    expect(() => assertValidTargets('x', [{ symbol: 'SPY', weight: 1 }])).not.toThrow();
  });
});
