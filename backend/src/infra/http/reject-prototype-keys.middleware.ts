import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any request of this API: a JSON body nested past this is refused before validation. */
export const MAX_DEPTH = 32;

/** Half of a UTF-16 surrogate pair without its other half: JSON allows it, Unicode text does not. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringProblem(value: string, path: string): string | null {
  if (value.includes('\u0000')) return `${path || 'body'} must not contain NUL characters`;
  // validator.js (class-validator's isEmail, isURL …) throws URIError on these: a 500.
  if (LONE_SURROGATE.test(value)) return `${path || 'body'} must be valid Unicode text`;
  return null;
}

/** The first problem in a parsed body or query, as a message naming the field; null when clean. */
function findProblem(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return stringProblem(value, path);
  if (typeof value !== 'object' || value === null) return null;
  // class-transformer recurses without a bound: 5,000 levels overflow its stack (a 500).
  if (depth >= MAX_DEPTH) return `${path || 'body'} is nested more than ${MAX_DEPTH} levels deep`;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return `property ${here} should not exist`;
    if (stringProblem(key, here)) return `property ${JSON.stringify(here)} should not exist`;
    const found = findProblem((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses, with a 400 naming the field, what no DTO can be trusted to handle:
 * - `__proto__`, `constructor`, `prototype` keys (JSON.parse makes them ordinary own keys;
 *   class-transformer then drops them silently, so the request would succeed as if the field were
 *   not there);
 * - NUL characters in any string or key (PostgreSQL cannot store them in text: a 500 after the
 *   fact otherwise), and lone UTF-16 surrogates (validator.js throws on them);
 * - nesting deeper than MAX_DEPTH (class-transformer's recursion overflows the stack).
 */
export function rejectPrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const problem = findProblem(req.body, '', 0) ?? findProblem(req.query, '', 0);
  if (problem) throw new BadRequestException([problem]);
  next();
}
