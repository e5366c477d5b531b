import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id with OWASP-recommended parameters (19 MiB, 2 passes). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);
export const verifyPassword = (hash: string, password: string) =>
  argon2.verify(hash, password).catch(() => false);

/** Why a password is too weak, or null: ≥ 12 characters mixing 3 of lower, upper, digit, symbol; or a ≥ 20-character passphrase. */
export function passwordProblem(password: string): string | null {
  if (password.length > 256) return 'password must be at most 256 characters';
  if (password.length >= 20 && new Set(password).size >= 8) return null;
  if (password.length < 12)
    return 'password must be at least 12 characters (or a passphrase of 20+)';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3 || new Set(password).size < 6)
    return 'password must mix at least three of: lower case, upper case, digits, symbols';
  return null;
}

/** A strong random password for generated accounts (24 chars, base64url, all classes likely). */
export function generatePassword(): string {
  return `${randomBytes(18).toString('base64url')}-7a`;
}
