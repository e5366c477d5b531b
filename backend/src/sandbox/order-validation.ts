import { randomUUID } from 'node:crypto';
import type { components, operations } from '../trading/broker/alpaca-api';
import { invalid } from './alpaca-errors';

type OrderRequestBody = operations['postOrder']['requestBody']['content']['application/json'];
type Schemas = components['schemas'];
type JsonType = 'string' | 'boolean' | 'object' | 'array';

/**
 * Every field of POST /v2/orders' request body with the JSON type Alpaca's spec gives it. The
 * compiler holds this to the generated spec types: a field added to or dropped from the spec, or
 * misspelled here, fails the typecheck. Anything else in a request is a 422.
 */
const ORDER_FIELDS = {
  symbol: 'string',
  qty: 'string',
  notional: 'string',
  side: 'string',
  type: 'string',
  time_in_force: 'string',
  limit_price: 'string',
  stop_price: 'string',
  trail_price: 'string',
  trail_percent: 'string',
  extended_hours: 'boolean',
  client_order_id: 'string',
  order_class: 'string',
  take_profit: 'object',
  stop_loss: 'object',
  position_intent: 'string',
  legs: 'array',
  advanced_instructions: 'object',
} as const satisfies Record<keyof OrderRequestBody, JsonType>;

/** The spec's enums, held to the generated types in both directions like ORDER_FIELDS. */
const ENUMS: Partial<Record<keyof OrderRequestBody, readonly string[]>> = {
  side: keys({ buy: 1, sell: 1 } satisfies Record<Schemas['OrderSide'], 1>),
  type: keys({
    market: 1,
    limit: 1,
    stop: 1,
    stop_limit: 1,
    trailing_stop: 1,
  } satisfies Record<Schemas['OrderType'], 1>),
  time_in_force: keys({
    day: 1,
    gtc: 1,
    opg: 1,
    cls: 1,
    ioc: 1,
    fok: 1,
  } satisfies Record<Schemas['TimeInForce'], 1>),
  order_class: keys({
    simple: 1,
    bracket: 1,
    oco: 1,
    oto: 1,
    mleg: 1,
    '': 1,
  } satisfies Record<Schemas['OrderClass'], 1>),
  position_intent: keys({
    buy_to_open: 1,
    buy_to_close: 1,
    sell_to_open: 1,
    sell_to_close: 1,
  } satisfies Record<Schemas['PositionIntent'], 1>),
};

/** The spec's `maxLength` of client_order_id. */
const CLIENT_ORDER_ID_MAX_LENGTH = 128;
/** Fields of order types and classes the sandbox does not simulate (it fills simple market orders). */
const UNSUPPORTED_FIELDS = [
  'limit_price',
  'stop_price',
  'trail_price',
  'trail_percent',
  'take_profit',
  'stop_loss',
  'legs',
  'advanced_instructions',
] as const;
/** A positive or zero decimal with at most 9 decimals (Alpaca's finest quantity). */
export const DECIMAL = /^\d+(\.\d{1,9})?$/;

/** A POST /v2/orders body that passed validation: a simple market day order, by qty or notional. */
export interface ValidOrderRequest {
  /** The symbol or asset id as sent. */
  symbol: string;
  side: 'buy' | 'sell';
  /** Exactly one of qty and notional is set: a positive decimal string as sent. */
  qty: string | null;
  notional: string | null;
  /** As sent, or generated (a UUID) when not sent, as Alpaca does. */
  clientOrderId: string;
}

/**
 * POST /v2/orders as Alpaca's spec describes it, then the sandbox's own subset: 422 40010001 with
 * the field named, for a body that is not an object, a field the spec does not have, a value of
 * another JSON type or outside the spec's enum, a missing `symbol`/`side`/`type`/`time_in_force`,
 * a client_order_id over 128 characters, qty and notional both or neither, an amount that is not a
 * positive decimal, a notional with more than 2 decimals; and for what the sandbox does not
 * simulate: other order types than market, time_in_force other than day, other order classes than
 * simple, extended hours (which the spec allows for limit orders only), prices, legs and
 * instructions. Checks that need the account (asset, duplicate, buying power) are the exchange's.
 */
export function validateOrderRequest(body: unknown): ValidOrderRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('request body must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(ORDER_FIELDS, key));
  if (unknown.length) throw invalid(`unknown field(s): ${unknown.join(', ')}`);
  for (const field of ['symbol', 'side', 'type', 'time_in_force'] as const) {
    if (input[field] === undefined || input[field] === null || input[field] === '')
      throw invalid(`${field} is required`);
  }
  for (const [field, type] of Object.entries(ORDER_FIELDS)) {
    const value = input[field];
    if (value === undefined) continue;
    if (jsonType(value) !== type) throw invalid(`${field} must be ${article(type)} ${type}`);
    const allowed = ENUMS[field as keyof OrderRequestBody];
    if (allowed && !allowed.includes(value as string))
      throw invalid(`${field} must be ${oneOf(allowed)}`);
  }
  if (input.side !== 'buy' && input.side !== 'sell') throw invalid('side must be buy or sell');
  if (input.type !== 'market')
    throw invalid(`the sandbox supports market orders only (type "${input.type as string}")`);
  if (input.time_in_force !== 'day') throw invalid('the sandbox supports time_in_force "day" only');
  if (input.order_class !== undefined && input.order_class !== 'simple' && input.order_class !== '')
    throw invalid('the sandbox supports order_class "simple" only');
  if (input.extended_hours === true)
    throw invalid('extended_hours works only with type limit (the sandbox: market orders only)');
  const unsupported = UNSUPPORTED_FIELDS.filter((field) => input[field] !== undefined);
  if (unsupported.length)
    throw invalid(`the sandbox supports simple market orders only (got ${unsupported.join(', ')})`);

  const qty = input.qty === '' ? undefined : (input.qty as string | undefined);
  const notional = input.notional === '' ? undefined : (input.notional as string | undefined);
  if (qty === undefined && notional === undefined) throw invalid('qty or notional is required');
  if (qty !== undefined && notional !== undefined)
    throw invalid('qty and notional cannot both be given');
  const [field, amount] = qty !== undefined ? ['qty', qty] : ['notional', notional!];
  if (!DECIMAL.test(amount) || /^[0.]+$/.test(amount))
    throw invalid(`${field} must be a positive decimal`);
  if (field === 'notional' && !/^\d+(\.\d{1,2})?$/.test(amount))
    throw invalid('notional must have at most 2 decimal places');

  const clientOrderId = (input.client_order_id as string | undefined) || randomUUID();
  if (clientOrderId.length > CLIENT_ORDER_ID_MAX_LENGTH)
    throw invalid(`client_order_id must be no more than ${CLIENT_ORDER_ID_MAX_LENGTH} characters`);
  return {
    symbol: input.symbol as string,
    side: input.side,
    qty: qty ?? null,
    notional: notional ?? null,
    clientOrderId,
  };
}

function jsonType(value: unknown): JsonType | 'number' | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'boolean' || type === 'object' || type === 'number'
    ? type
    : 'other';
}

/** 'buy or sell'; 'simple, bracket, oco, oto, mleg or ""'. */
function oneOf(values: readonly string[]): string {
  const shown = values.map((v) => v || '""');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

const article = (type: JsonType) => (type === 'array' || type === 'object' ? 'an' : 'a');

function keys<T extends string>(record: Record<T, 1>): readonly T[] {
  return Object.keys(record) as T[];
}
