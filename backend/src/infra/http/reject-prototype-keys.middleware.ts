import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

function findForbiddenKey(value: unknown, path: string, depth: number): string | null {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return null;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * JSON.parse turns `"__proto__"` into an ordinary own key. class-transformer then drops it
 * silently, so the request would succeed as if the field were not there; refuse it like any other
 * unknown field instead (400 naming it) and keep such keys away from any code that merges objects.
 */
export function rejectPrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const key = findForbiddenKey(req.body, '', 0) ?? findForbiddenKey(req.query, '', 0);
  if (key) throw new BadRequestException([`property ${key} should not exist`]);
  next();
}
