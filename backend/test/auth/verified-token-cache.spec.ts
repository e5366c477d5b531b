import fc from 'fast-check';
import type { SessionClaims } from '../../src/auth/session-token';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache';

const claimsOf = (sub: string, expSeconds: number): SessionClaims => ({
  sub,
  email: `${sub}@example.com`,
  role: 'viewer',
  sv: 0,
  iat: 0,
  exp: expSeconds,
});

describe('VerifiedTokenCache', () => {
  it('forgets a token once it expires', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', claimsOf('a', 100));
    expect(cache.get('t', 99_999)?.sub).toBe('a');
    expect(cache.get('t', 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops every token of an account, and only that account's", () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t1', claimsOf('a', 100));
    cache.set('t2', claimsOf('a', 100));
    cache.set('t3', claimsOf('b', 100));
    cache.deleteSubject('a');
    expect([cache.get('t1', 0), cache.get('t2', 0), cache.get('t3', 0)?.sub]).toEqual([
      undefined,
      undefined,
      'b',
    ]);
  });

  type Op =
    | { kind: 'set'; token: number; sub: number; exp: number }
    | { kind: 'get'; token: number; now: number }
    | { kind: 'delete'; token: number }
    | { kind: 'deleteSubject'; sub: number };

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      token: fc.nat(20),
      sub: fc.nat(3),
      exp: fc.nat(100),
    }),
    fc.record({ kind: fc.constant('get' as const), token: fc.nat(20), now: fc.nat(100_000) }),
    fc.record({ kind: fc.constant('delete' as const), token: fc.nat(20) }),
    fc.record({ kind: fc.constant('deleteSubject' as const), sub: fc.nat(3) }),
  );

  it('never answers for a token it was not given, that was dropped, or that expired; stays bounded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 60 }), (cap, ops) => {
        const cache = new VerifiedTokenCache(cap);
        // What the cache may know: the last claims set for each token, until dropped.
        const given = new Map<string, SessionClaims>();
        for (const o of ops) {
          if (o.kind === 'set') {
            const claims = claimsOf(`s${o.sub}`, o.exp);
            cache.set(`t${o.token}`, claims);
            given.set(`t${o.token}`, claims);
            // A token just verified is answered until it expires.
            expect(cache.get(`t${o.token}`, o.exp * 1000 - 1)).toBe(claims);
          } else if (o.kind === 'get') {
            const answer = cache.get(`t${o.token}`, o.now);
            if (answer) {
              expect(answer).toBe(given.get(`t${o.token}`));
              expect(answer.exp * 1000).toBeGreaterThan(o.now);
            }
          } else if (o.kind === 'delete') {
            cache.delete(`t${o.token}`);
            given.delete(`t${o.token}`);
          } else {
            cache.deleteSubject(`s${o.sub}`);
            for (const [token, claims] of given)
              if (claims.sub === `s${o.sub}`) given.delete(token);
          }
          expect(cache.size).toBeLessThanOrEqual(cap);
        }
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});
