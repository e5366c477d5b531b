import type { FailureKind } from './broker-port';

/** Provider token of the BrokerPort implementation (the Alpaca client). */
export const BROKER = Symbol('BROKER');
/** Provider token of the function that classifies a broker error for the executor. */
export const BROKER_FAILURE_CLASSIFIER = Symbol('BROKER_FAILURE_CLASSIFIER');
export type BrokerFailureClassifier = (error: unknown) => FailureKind;
