import type { SessionClaims } from './session-token';

/** Tokens whose signature check is remembered; beyond it the oldest is forgotten first. */
export const VERIFIED_TOKEN_CACHE_SIZE = 1_000;

/**
 * Access tokens whose signature, algorithm, issuer, audience and expiry were verified, keyed by the
 * raw token: a dashboard polling with the same token costs one HMAC per token, not one per request.
 * Only the token's own verification is remembered; the account behind it (enabled, role, session
 * version) is still checked on every request by the guard. An entry ends when its token expires,
 * when the guard refuses the token for its account's state (disabled, password changed), or when
 * `VERIFIED_TOKEN_CACHE_SIZE` newer tokens push it out.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, SessionClaims>();

  constructor(private readonly capacity = VERIFIED_TOKEN_CACHE_SIZE) {}

  /** The claims of a token verified earlier and not yet expired at `nowMs`. */
  get(token: string, nowMs = Date.now()): SessionClaims | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    if (claims.exp * 1000 <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a token that was just verified. */
  set(token: string, claims: SessionClaims): void {
    this.entries.delete(token);
    this.entries.set(token, claims);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  /** Every token of an account (its password changed, it was disabled). */
  deleteSubject(sub: string): void {
    for (const [token, claims] of this.entries) if (claims.sub === sub) this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
