import { alpacaRoute } from './alpaca-routes';

describe('alpacaRoute', () => {
  it('names a path by its spec template, never by an id or a symbol', () => {
    expect(alpacaRoute('/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d')).toBe(
      '/v2/orders/{order_id}',
    );
    expect(alpacaRoute('/v2/assets/BRK.B')).toBe('/v2/assets/{symbol_or_asset_id}');
    expect(alpacaRoute('/v2/orders:by_client_order_id')).toBe('/v2/orders:by_client_order_id');
    expect(alpacaRoute('/v2/orders')).toBe('/v2/orders');
    expect(alpacaRoute('/v2/account/portfolio/history')).toBe('/v2/account/portfolio/history');
  });

  it('drops a base path before the template', () => {
    expect(alpacaRoute('/proxy/v2/orders/abc', '/proxy')).toBe('/v2/orders/{order_id}');
    expect(alpacaRoute('/v2/clock', '/proxy')).toBe('/v2/clock');
  });
});
