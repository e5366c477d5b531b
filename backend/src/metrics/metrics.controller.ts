import { Controller, Get, Header, Headers, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '../infra/http/openapi-decorators';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics, Prometheus text. Outside the session auth (the guard leaves `metrics` open); when
 * METRICS_TOKEN is set, the scraper must send `Authorization: Bearer <token>`.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.metricsToken;
    if (token) {
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
      // Compare digests: constant time whatever the lengths.
      if (!timingSafeEqual(digest(given), digest(token)))
        throw new UnauthorizedException('a valid METRICS_TOKEN bearer token is required');
    }
    return (await this.metrics.render()).body;
  }
}
