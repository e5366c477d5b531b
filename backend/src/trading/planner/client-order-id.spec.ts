import {
  CLIENT_ORDER_ID_MAX_LENGTH,
  clientOrderId,
  type ClientOrderIdKey,
} from './client-order-id';

const key: ClientOrderIdKey = {
  tradingDay: '2026-11-23',
  strategy: 'fixed-weights',
  symbol: 'SPY',
  side: 'buy',
};
const SAFE = /^[A-Za-z0-9._-]+$/;

describe('clientOrderId', () => {
  it('is readable for ordinary keys', () => {
    expect(clientOrderId(key)).toBe('ob-2026-11-23-fixed-weights-SPY-buy');
    expect(
      clientOrderId({ ...key, strategy: 'congress-buys', symbol: 'BRK.B', side: 'sell' }),
    ).toBe('ob-2026-11-23-congress-buys-BRK.B-sell');
  });

  it('is a pure function of the key', () => {
    expect(clientOrderId({ ...key })).toBe(clientOrderId(key));
    expect(
      clientOrderId({
        side: 'buy',
        symbol: 'SPY',
        strategy: 'fixed-weights',
        tradingDay: '2026-11-23',
      }),
    ).toBe(clientOrderId(key));
  });

  it('hashes to pinned values: the same in every process and after every restart', () => {
    // Pinned on purpose: changing the scheme would let a restarted process resend under new ids.
    expect(clientOrderId({ ...key, strategy: 'x'.repeat(200) })).toBe(
      'ob-2026-11-23-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-hbe7058e898cfa1633d3776354b6a0e6e9bc44a62',
    );
    expect(clientOrderId({ ...key, strategy: 'a', symbol: 'B-C' })).toBe(
      'ob-2026-11-23-a-B-C-buy-hbd8afc2b7bafee034ef367c1c16480cfb647386c',
    );
  });

  it('differs whenever any part of the key differs', () => {
    const variants = [
      key,
      { ...key, side: 'sell' as const },
      { ...key, symbol: 'SPYG' },
      { ...key, strategy: 'congress-buys' },
      { ...key, tradingDay: '2026-11-24' },
    ].map(clientOrderId);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('cannot be confused by dashes moving between strategy and symbol', () => {
    const a = clientOrderId({ ...key, strategy: 'a-B', symbol: 'C' });
    const b = clientOrderId({ ...key, strategy: 'a', symbol: 'B-C' });
    expect(a).toBe('ob-2026-11-23-a-B-C-buy');
    expect(b).not.toBe(a);
    expect(b).toMatch(/-h[0-9a-f]{40}$/);
  });

  it('stays within 128 safe characters for long or odd inputs, and stays unique', () => {
    const odd = [
      { ...key, strategy: 'x'.repeat(300) },
      { ...key, strategy: 'x'.repeat(299) + 'y' },
      { ...key, strategy: 'a b/c' },
      { ...key, strategy: 'a_b_c' },
      { ...key, symbol: 'ÅÄÖ'.repeat(50) },
      { ...key, tradingDay: '23/11/2026' },
    ].map(clientOrderId);
    for (const id of odd) {
      expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
      expect(id).toMatch(SAFE);
    }
    expect(new Set(odd).size).toBe(odd.length);
    expect(odd[3]).toBe('ob-2026-11-23-a_b_c-SPY-buy');
  });

  it('stays readable right up to 128 characters', () => {
    const fits = { ...key, strategy: 's'.repeat(128 - 'ob-2026-11-23--SPY-buy'.length) };
    expect(clientOrderId(fits)).toHaveLength(128);
    expect(clientOrderId(fits)).toMatch(/-SPY-buy$/);
    expect(clientOrderId({ ...fits, strategy: fits.strategy + 's' })).toMatch(/-h[0-9a-f]{40}$/);
  });

  it('refuses an unknown side', () => {
    expect(() => clientOrderId({ ...key, side: 'short' as 'buy' })).toThrow('unknown side');
  });
});
