import { generatePassword, passwordProblem } from './password';

describe('passwordProblem', () => {
  it.each([
    ['Correct-Horse-42!', undefined],
    ['Operator-password-1', undefined],
    ['tr0ub4dor&3-Xylophone', undefined],
    ['correct horse battery staple', undefined], // a passphrase needs no character classes
    ['Zq7!vL2#pW9x', 'ops@example.com'],
  ])('accepts %p', (password, email) => {
    expect(passwordProblem(password, email)).toBeNull();
  });

  it.each([
    ['', /at least 12/],
    ['Short-1a', /at least 12/],
    ['x'.repeat(257), /at most 256/],
    ['alllowercaseletters', /three of/],
    ['ALLUPPER12345', /three of/],
    ['Aa1!Aa1!Aa1!', /6 different/],
    ['aaaaaaaaaaaaaaaaaaaaaaaaa', /8 different/],
    ['Xyz-Paaaa-word9', /4 times/],
    ['Qwert-1234-Zz!', /run like/],
    ['Zyxw-Lmn-952!', /run like/],
    ['Password2026!', /common word/],
    ['P@ssw0rd-2026!', /common word/],
    ['Pa55word-2026!', /common word/],
    ['Adm1n-Adm1n-99', /common word/],
    ['Openbell!2026', /common word/],
    ['ADMIN-admin-99', /common word/],
  ])('refuses %p', (password, why) => {
    expect(passwordProblem(password)).toMatch(why);
  });

  it("refuses the account's own email or its name with digits and symbols", () => {
    expect(passwordProblem('Margaret!20261', 'margaret@example.com')).toMatch(/email/);
    expect(passwordProblem('xx-margaret@example.com-XX9', 'margaret@example.com')).toMatch(/email/);
    expect(passwordProblem('Margaret!20261', 'bob@example.com')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('Ünïcødé-✓-42', undefined)).toBeNull();
    expect(passwordProblem('🔒🔒🔒🔒🔒🔒', undefined)).toMatch(/at least 12/);
  });
});

describe('generatePassword', () => {
  it('produces distinct 24-character passwords that pass the rule', () => {
    const generated = Array.from({ length: 200 }, generatePassword);
    expect(new Set(generated).size).toBe(200);
    for (const password of generated) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(passwordProblem(password)).toBeNull();
    }
  });
});
