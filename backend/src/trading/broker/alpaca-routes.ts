/**
 * The spec's path template of a request path, e.g. '/v2/orders/{order_id}' for
 * '/v2/orders/9f1c…' (never an id or a symbol): the broker client's metric label and the sandbox's
 * route key share it. `basePath` (a proxy prefix before `/v2`) is dropped first.
 */
export function alpacaRoute(pathname: string, basePath?: string): string {
  const path =
    basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  return path
    .replace(/^\/v2\/orders\/[^/:]+$/, '/v2/orders/{order_id}')
    .replace(/^\/v2\/assets\/[^/]+$/, '/v2/assets/{symbol_or_asset_id}');
}
