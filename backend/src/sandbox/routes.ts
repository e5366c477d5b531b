import type { components } from '../trading/broker/alpaca-api';
import { invalid, notFound } from './alpaca-errors';
import { fateOf, type Fault } from './faults';
import { validateOrderRequest } from './order-validation';
import type { SandboxState } from './sandbox-state';
import { appendBounded, type Arrival } from './traffic';

type CanceledOrder = components['schemas']['CanceledOrderResponse'];

/** A request as the router sees it: its route ('GET /v2/orders/{order_id}'), URL and JSON body. */
export interface RoutedRequest {
  route: string;
  url: URL;
  body: unknown;
  /** Its record, completed here for POST /v2/orders (`accepted`). */
  arrival: Arrival;
  /** The fault applied to it: an order fate rides along with the order it lets through. */
  fault?: Fault;
}

/** The status and JSON payload (undefined: no body) of an answer. */
export type Answer = [status: number, payload: unknown];

/**
 * Alpaca's trading routes the client uses, each answered from the sandbox's state after settling
 * what is due. Refusals are thrown as AlpacaError (404 40410000 for a route it does not have).
 */
export function answer(state: SandboxState, request: RoutedRequest): Answer {
  const { clock, exchange, views } = state;
  const { route, url } = request;
  const params = url.searchParams;
  const lastSegment = () => decodeURIComponent(url.pathname.split('/').pop()!);
  exchange.settle();
  switch (route) {
    case 'POST /v2/orders':
      return [200, placeOrder(state, request)];
    case 'GET /v2/clock':
      return [200, clock.clock()];
    case 'GET /v2/calendar':
      return [200, clock.calendar(params.get('start'), params.get('end'))];
    case 'GET /v2/account':
      return [200, views.account()];
    case 'GET /v2/account/portfolio/history':
      return [200, views.portfolioHistory(params)];
    case 'GET /v2/positions':
      return [200, views.positions()];
    case 'GET /v2/assets':
      return [200, views.assets()];
    case 'GET /v2/assets/{symbol_or_asset_id}':
      return [200, views.asset(lastSegment())];
    case 'GET /v2/orders':
      return [200, views.orders(params)];
    case 'GET /v2/orders:by_client_order_id': {
      const id = params.get('client_order_id');
      if (!id) throw invalid('client_order_id is required');
      return [200, exchange.orderByClientId(id)];
    }
    case 'GET /v2/orders/{order_id}':
      return [200, exchange.orderById(lastSegment())];
    case 'DELETE /v2/orders/{order_id}':
      exchange.cancel(lastSegment());
      return [204, undefined];
    case 'DELETE /v2/orders':
      return [207, exchange.cancelAll().map((o): CanceledOrder => ({ id: o.id, status: 200 }))];
    default:
      throw notFound(`route not found: ${route}`);
  }
}

/** POST /v2/orders: validated (422), recorded as received, then placed (or refused) by the exchange. */
function placeOrder(state: SandboxState, request: RoutedRequest) {
  const order = validateOrderRequest(request.body);
  const received = appendBounded(state.traffic.received, {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    at: Date.now(),
    accepted: false,
  });
  const placed = state.exchange.place(order, fateOf(request.fault));
  received.accepted = true;
  request.arrival.accepted = true;
  return placed;
}
