import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Written at the repository root by the deploy workflow before `railway up` uploads the tree. */
export const BUILD_INFO_FILE = resolve(__dirname, '../../../build-info.json');

export interface BuildCommit {
  commit: string | null;
  /** `railway`: RAILWAY_GIT_COMMIT_SHA (deploys from GitHub); `build`: build-info.json (uploads). */
  source: 'railway' | 'build' | null;
}

const COMMIT = /^[0-9a-f]{7,40}$/;

/**
 * The commit this process runs: Railway's RAILWAY_GIT_COMMIT_SHA when it deployed from GitHub,
 * else build-info.json of the uploaded tree (`{"commit": "<sha>"}`), else unknown (a local run).
 */
export function resolveBuildCommit(
  railwayCommit: string | undefined,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  file = BUILD_INFO_FILE,
): BuildCommit {
  if (railwayCommit) return { commit: railwayCommit, source: 'railway' };
  try {
    const parsed = JSON.parse(read(file)) as { commit?: unknown };
    if (typeof parsed.commit === 'string' && COMMIT.test(parsed.commit))
      return { commit: parsed.commit, source: 'build' };
  } catch {
    /* no file (local run) or not JSON: unknown */
  }
  return { commit: null, source: null };
}
