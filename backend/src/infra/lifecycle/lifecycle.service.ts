import { Injectable } from '@nestjs/common';

/** Process state that readiness reports: once shutdown begins, /health/ready answers 503. */
@Injectable()
export class LifecycleService {
  private shuttingDownSince: Date | null = null;

  beginShutdown(): void {
    this.shuttingDownSince ??= new Date();
  }

  get shuttingDown(): boolean {
    return this.shuttingDownSince !== null;
  }
}
