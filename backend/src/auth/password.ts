import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);
/** False for a wrong password and for a malformed hash alike. */
export const verifyPassword = (hash: string, password: string) =>
  argon2.verify(hash, password).catch(() => false);

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
const PASSPHRASE_LENGTH = 20;

/** Words that make a password guessable whatever is added around them. */
const COMMON_WORDS = [
  'password',
  'passw0rd',
  'openbell',
  'qwerty',
  'letmein',
  'welcome',
  'iloveyou',
  'trustno1',
  'changeme',
  'admin',
  'operator',
  'viewer',
  'alpaca',
  'trading',
];

/**
 * Why a password is too weak, or null. The rule, in full:
 * - 12 to 256 characters;
 * - under 20 characters it must mix three of lower case, upper case, digits, symbols and use at
 *   least 6 different characters; from 20 characters on (a passphrase) at least 8 different ones;
 * - no character repeated 4 times in a row, no run of 4 consecutive letters or digits (abcd, 4321);
 * - once digits and symbols are removed (also after undoing look-alikes: P@ssw0rd), not just a
 *   common word (password, openbell, admin, …) possibly repeated, nor the email's local part;
 *   and not containing the email address.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const chars = [...password];
  if (chars.length > PASSWORD_MAX_LENGTH)
    return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (chars.length < PASSWORD_MIN_LENGTH)
    return `password must be at least ${PASSWORD_MIN_LENGTH} characters (or a passphrase of ${PASSPHRASE_LENGTH}+)`;
  const distinct = new Set(chars).size;
  if (chars.length >= PASSPHRASE_LENGTH) {
    if (distinct < 8) return 'password must use at least 8 different characters';
  } else {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password));
    if (classes.length < 3)
      return `password must mix at least three of: lower case, upper case, digits, symbols (or be a passphrase of ${PASSPHRASE_LENGTH}+ characters)`;
    if (distinct < 6) return 'password must use at least 6 different characters';
  }
  if (/(.)\1{3}/u.test(password)) return 'password must not repeat a character 4 times in a row';
  if (hasSequence(password.toLowerCase()))
    return 'password must not contain a run like abcd or 1234';
  const lower = password.toLowerCase();
  // Read as written and with look-alikes undone (P@ssw0rd), digits and symbols then dropped.
  const readings = [
    lower,
    lower.replace(/(?<=[a-z][@4$50137]*)[@4$50137](?=[@4$50137]*[a-z])/g, (c) => LEET[c]),
  ].map((text) => text.replace(/[^a-z]/g, ''));
  const local = (email?.split('@')[0] ?? '').toLowerCase().replace(/[^a-z]/g, '');
  const guessable = [...COMMON_WORDS, ...(local.length >= 4 ? [local] : [])];
  const isGuessable = (letters: string) =>
    letters.length > 0 && guessable.some((word) => letters.replaceAll(word, '') === '');
  if (readings.some(isGuessable))
    return 'password must not be a common word or the email with digits and symbols added';
  if (email && password.toLowerCase().includes(email.toLowerCase()))
    return 'password must not contain the email address';
  return null;
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  $: 's',
  '5': 's',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '7': 't',
};

function hasSequence(text: string): boolean {
  for (let i = 0; i + 3 < text.length; i++) {
    const codes = [...text.slice(i, i + 4)].map((c) => c.charCodeAt(0));
    if (!codes.every((c) => /[a-z0-9]/.test(String.fromCharCode(c)))) continue;
    const step = codes[1] - codes[0];
    if ((step === 1 || step === -1) && codes.every((c, k) => k === 0 || c - codes[k - 1] === step))
      return true;
  }
  return false;
}

/** A strong random password for generated accounts: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(18).toString('base64url');
    if (passwordProblem(candidate) === null) return candidate;
  }
}
