import type { JwtSignOptions, JwtVerifyOptions } from '@nestjs/jwt';
import type { AdminRole } from './admin-user.entity';

/** What an access token carries. The guard trusts only `sub`; role and state come from the database. */
export interface SessionClaims {
  sub: string;
  email: string;
  role: AdminRole;
  /** The account's session version when issued (absent in tokens from before it existed: 0). */
  sv?: number;
  iat: number;
  exp: number;
}

const ISSUER = 'openbell';
const AUDIENCE = 'openbell-admin-api';

/** HS256 only, our issuer and audience: a token minted for something else with the same secret is refused. */
export const SIGN_OPTIONS: JwtSignOptions = {
  algorithm: 'HS256',
  issuer: ISSUER,
  audience: AUDIENCE,
};
export const VERIFY_OPTIONS: JwtVerifyOptions = {
  algorithms: ['HS256'],
  issuer: ISSUER,
  audience: AUDIENCE,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSessionClaims(value: unknown): value is SessionClaims {
  const claims = value as Partial<SessionClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    typeof claims.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.exp === 'number' &&
    (claims.sv === undefined || Number.isSafeInteger(claims.sv))
  );
}

/** `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750), or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(value ?? '');
  return match ? match[1] : null;
}
