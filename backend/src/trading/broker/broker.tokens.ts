/**
 * Provider token of the broker's base URL (string). Supply it from boot when the URL is only known
 * at run time (the in-process sandbox's port); BrokerModule.forRoot(url) provides it itself.
 */
export const BROKER_BASE_URL = Symbol('BROKER_BASE_URL');
