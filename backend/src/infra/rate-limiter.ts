/* eslint-disable @typescript-eslint/no-require-imports -- two files of the package, on purpose (below) */
import type * as Flexible from 'rate-limiter-flexible';

/**
 * rate-limiter-flexible's in-memory limiter and its answer, loaded from their own files: the
 * package's index loads every store it supports (Redis, Mongo, MySQL, cluster, …), 36 modules at
 * boot, for the one Openbell uses. Same classes (the index re-exports these very files).
 */
export const RateLimiterMemory =
  require('rate-limiter-flexible/lib/RateLimiterMemory') as typeof Flexible.RateLimiterMemory;
export type RateLimiterMemory = Flexible.RateLimiterMemory;
export const RateLimiterRes =
  require('rate-limiter-flexible/lib/RateLimiterRes') as typeof Flexible.RateLimiterRes;
export type RateLimiterRes = Flexible.RateLimiterRes;
