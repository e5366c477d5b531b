import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '../infra/http/validation';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, type Actor } from '../auth/auth.decorators';
import { ReasonDto } from '../infra/http/reason.dto';
import { ALERTS, type AlertPort } from '../trading/alert-port';
import { StatusService } from '../status/status.service';
import { PreviewService } from '../trading/preview.service';
import { TogglesDto } from './dto/toggles-response.dto';
import { TogglesService } from './toggles.service';

export class PatchTogglesDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'the kill switch: false stops order submission at once' })
  @OptionalNotNull()
  @IsBoolean({ message: 'tradingEnabled must be true or false' })
  tradingEnabled?: boolean;

  @ApiPropertyOptional({
    description: 'false pauses the scheduler (its triggers are recorded as skipped)',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'schedulerEnabled must be true or false' })
  schedulerEnabled?: boolean;
}

@ApiTags('toggles')
@ApiBearerAuth()
@Controller('api/toggles')
export class TogglesController {
  constructor(
    private readonly toggles: TogglesService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(ALERTS) private readonly alerts: AlertPort,
    private readonly status: StatusService,
    private readonly previews: PreviewService,
  ) {}

  @Get()
  @ApiOkResponse({ type: TogglesDto })
  async get() {
    const state = await this.toggles.get();
    return { ...state, effective: this.toggles.effective(state) };
  }

  /** The change and its audit event commit together, or neither does. */
  @Patch()
  @ApiOkResponse({ type: TogglesDto })
  async patch(@Body() body: PatchTogglesDto, @CurrentActor() actor: Actor) {
    const patch = { tradingEnabled: body.tradingEnabled, schedulerEnabled: body.schedulerEnabled };
    // The change, its audit event and its alerts commit together, or none of them does.
    const { after } = await this.dataSource.transaction(async (manager) => {
      const change = await this.toggles.apply(manager, patch, actor.email);
      await this.audit.record(manager, actor, {
        action: 'toggles.update',
        target: 'toggles',
        before: {
          tradingEnabled: change.before.tradingEnabled,
          schedulerEnabled: change.before.schedulerEnabled,
        },
        after: {
          tradingEnabled: change.after.tradingEnabled,
          schedulerEnabled: change.after.schedulerEnabled,
        },
        reason: body.reason,
      });
      for (const [field, kind] of [
        ['tradingEnabled', 'trading_toggled'],
        ['schedulerEnabled', 'scheduler_toggled'],
      ] as const) {
        if (change.before[field] === change.after[field]) continue;
        const on = change.after[field];
        await this.alerts.raise(
          {
            kind,
            dedupKey: `${kind}:${change.after.updatedAt.toISOString()}:${actor.requestId ?? ''}`,
            severity: kind === 'trading_toggled' && !on ? 'critical' : 'warning',
            tradingDay: null,
            summary: `${actor.email} turned ${field === 'tradingEnabled' ? 'trading (kill switch)' : 'the scheduler'} ${on ? 'ON' : 'OFF'}. Reason: ${body.reason}`,
            details: { before: change.before[field], after: on, actor: actor.email },
          },
          manager,
        );
      }
      return change;
    });
    this.status.invalidate();
    this.previews.invalidate();
    return { ...after, effective: this.toggles.effective(after) };
  }
}
