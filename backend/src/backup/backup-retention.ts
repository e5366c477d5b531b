/**
 * Names and retention of the logical dumps the `backup` cron service uploads to its bucket
 * (scripts/backup-to-bucket.mjs, docs/operations.md "Backup and restore").
 *
 * A dump is `<prefix>openbell-<UTC time, YYYYMMDDTHHMMSSZ>.dump`. Its age is read from its name,
 * not from the bucket's LastModified (a copy or a restore of the bucket would reset that). Railway
 * buckets have no lifecycle rules, so the uploader prunes after each successful upload with
 * planPrune: an object is deleted only when it is a dump by that exact pattern, is older than
 * `retentionDays`, AND is not among the newest `keepLast` dumps. Anything else under the prefix (a
 * dump an operator copied in by hand, a file of another name) is never touched.
 */

/** `openbell-20261202T051700Z.dump` (the part after the prefix). */
const DUMP_NAME = /^openbell-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dump$/;

export interface RetentionPolicy {
  /** Dumps older than this many days may be deleted… */
  retentionDays: number;
  /** …unless they are among this many newest dumps (at least 1: the one just uploaded). */
  keepLast: number;
}

/**
 * A prefix is empty or a path ending in `/`, of characters that need no escaping in a URL, with
 * no `.`/`..` segment (which some S3 front ends normalise away).
 */
export function isValidPrefix(prefix: string): boolean {
  if (prefix === '') return true;
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/$/.test(prefix)) return false;
  return prefix
    .slice(0, -1)
    .split('/')
    .every((segment) => !/^\.+$/.test(segment));
}

/** The key of a dump taken at `at` (second precision, UTC). */
export function dumpKey(prefix: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${prefix}openbell-${stamp}.dump`;
}

/** When the dump of this key was taken, or null when the key is not a dump under `prefix`. */
export function dumpTakenAt(prefix: string, key: string): Date | null {
  if (!key.startsWith(prefix)) return null;
  const match = DUMP_NAME.exec(key.slice(prefix.length));
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject impossible dates (month 13, 31 February…): Date.UTC would roll them over silently.
  return dumpKey(prefix, at) === key ? at : null;
}

/** The dumps among `keys`, newest first (what a restore picks from); other keys are left out. */
export function dumpsNewestFirst(prefix: string, keys: readonly string[]): string[] {
  return [...new Set(keys)]
    .map((key) => ({ key, at: dumpTakenAt(prefix, key)?.getTime() }))
    .filter((dump): dump is { key: string; at: number } => dump.at !== undefined)
    .sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : -1))
    .map((dump) => dump.key);
}

export interface PrunePlan {
  /** Dumps kept, newest first. */
  keep: string[];
  /** Dumps to delete, oldest first. */
  remove: string[];
  /** Keys under the prefix that are not dumps by name: never deleted. */
  ignored: string[];
}

/** Which of `keys` to delete at `now` under `policy`. Pure; the caller lists and deletes. */
export function planPrune(
  prefix: string,
  keys: readonly string[],
  now: Date,
  policy: RetentionPolicy,
): PrunePlan {
  if (!Number.isInteger(policy.keepLast) || policy.keepLast < 1)
    throw new RangeError(`keepLast must be an integer of at least 1, got ${policy.keepLast}`);
  if (!Number.isFinite(policy.retentionDays) || policy.retentionDays < 1)
    throw new RangeError(`retentionDays must be at least 1, got ${policy.retentionDays}`);
  const dumps = dumpsNewestFirst(prefix, keys).map((key) => ({
    key,
    at: dumpTakenAt(prefix, key)!.getTime(),
  }));
  const ignored = [...new Set(keys)].filter((key) => !dumpTakenAt(prefix, key));
  const cutoff = now.getTime() - policy.retentionDays * 24 * 60 * 60 * 1000;
  const keep: string[] = [];
  const remove: string[] = [];
  dumps.forEach((dump, index) => {
    if (index < policy.keepLast || dump.at >= cutoff) keep.push(dump.key);
    else remove.push(dump.key);
  });
  return { keep, remove: remove.reverse(), ignored };
}
