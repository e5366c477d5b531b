import { resolveBuildCommit } from './build-info';

const SHA = '3f2a9c1d0e4b5a6978877665544332211a0b0c0d';

describe('resolveBuildCommit', () => {
  const file = (text: string | null) => () => {
    if (text === null) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return text;
  };

  it("prefers Railway's RAILWAY_GIT_COMMIT_SHA", () => {
    expect(resolveBuildCommit(SHA, file(JSON.stringify({ commit: 'abcdef0' })))).toEqual({
      commit: SHA,
      source: 'railway',
    });
  });

  it('else the build-info.json the deploy workflow wrote into the upload', () => {
    expect(resolveBuildCommit(undefined, file(JSON.stringify({ commit: SHA })))).toEqual({
      commit: SHA,
      source: 'build',
    });
  });

  it('else unknown: no file, not JSON, or not a commit hash', () => {
    for (const text of [null, 'not json', '{"commit": "main; rm -rf /"}', '{"commit": 42}'])
      expect(resolveBuildCommit(undefined, file(text))).toEqual({ commit: null, source: null });
  });
});
