import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from '../infra/rate-limiter';
import { RetryLaterException } from '../infra/http/retry-later.exception';
import { TogglesService } from '../toggles/toggles.service';
import { DailyRunService, type PlanPreview } from './daily-run.service';
import { StrategyTargetsService } from './strategies/strategy-targets.service';

/** A preview answer is reused this long (its broker reads are seconds old at most). */
export const PREVIEW_CACHE_MS = 5_000;
/** Previews per user per minute, cached answers included. */
export const PREVIEW_LIMIT_PER_MINUTE = 10;

/**
 * `POST /api/runs/preview` for everyone, viewers included, kept cheap and bounded: each preview
 * spends broker requests from the same 200/min budget the run's orders use, so
 * - concurrent previews share one computation (single flight);
 * - an answer is reused for PREVIEW_CACHE_MS, and dropped when the toggles or targets change;
 * - each user may ask PREVIEW_LIMIT_PER_MINUTE times a minute (429 with Retry-After beyond).
 * Counters live in process memory (per replica), like the login throttle.
 */
@Injectable()
export class PreviewService {
  private readonly limiter = new RateLimiterMemory({
    keyPrefix: 'preview',
    points: PREVIEW_LIMIT_PER_MINUTE,
    duration: 60,
  });
  private inFlight: Promise<PlanPreview> | null = null;
  private cached: { at: number; value: PlanPreview } | null = null;
  /** Bumped by invalidate(): a computation started before it cannot fill the cache. */
  private generation = 0;

  constructor(
    private readonly runs: DailyRunService,
    toggles: TogglesService,
    targets: StrategyTargetsService,
  ) {
    toggles.changed.subscribe(() => this.invalidate());
    targets.changed.subscribe(() => this.invalidate());
  }

  private now(): number {
    return Date.now();
  }

  async preview(userId: string): Promise<PlanPreview> {
    try {
      await this.limiter.consume(userId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RetryLaterException(
        `too many previews: at most ${PREVIEW_LIMIT_PER_MINUTE} a minute per user`,
        rejection.msBeforeNext / 1000,
      );
    }
    if (this.cached && this.now() - this.cached.at < PREVIEW_CACHE_MS) return this.cached.value;
    this.inFlight ??= this.compute();
    return this.inFlight;
  }

  /** The toggles or the targets changed: the next preview computes afresh. */
  invalidate(): void {
    this.generation++;
    this.cached = null;
    this.inFlight = null;
  }

  private async compute(): Promise<PlanPreview> {
    const generation = this.generation;
    try {
      const value = await this.runs.preview();
      if (generation === this.generation) this.cached = { at: this.now(), value };
      return value;
    } finally {
      if (generation === this.generation) this.inFlight = null;
    }
  }
}
