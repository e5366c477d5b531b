/**
 * Generated from backend/openapi/openbell-api.json by `npm run generate:api -w admin` (openapi-typescript).
 * Do not edit: change the backend, then regenerate (see docs/admin.md).
 */

export interface paths {
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AlertsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrdersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/cancel-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["OrdersController_cancelAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/portfolio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfolioController_current"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/portfolio/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfolioController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RunsController_list"];
        put?: never;
        post: operations["RunsController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RunsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/runs/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RunsController_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StatusController_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/strategy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StrategyController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/strategy/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["StrategyController_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/toggles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TogglesController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["TogglesController_patch"];
        trace?: never;
    };
    "/api/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["VersionController_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/broker": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_brokerHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/database": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_databaseHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccountFiguresDto: {
            buyingPower: string;
            cash: string | null;
            /** @example 100000.00 */
            equity: string;
            /** @description equity at the previous session's close */
            lastEquity: string | null;
            /** @description equity − lastEquity */
            todayChange: string | null;
            /** @description todayChange ÷ lastEquity (fraction) */
            todayChangePct: string | null;
        };
        AlertDeliveryDto: {
            attempts: number;
            /** @enum {string} */
            channel: "lark" | "slack" | "webhook";
            /** @description the last failure (the channel's host only, never its URL) */
            lastError: string | null;
            /**
             * Format: date-time
             * @description when the next attempt is due; null unless pending
             */
            nextAttemptAt: string | null;
            /** Format: date-time */
            sentAt: string | null;
            /**
             * @description failed: given up after the retry bound (stays listed)
             * @enum {string}
             */
            status: "pending" | "sent" | "failed";
        };
        AlertDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description one per channel configured at the time */
            deliveries: components["schemas"]["AlertDeliveryDto"][];
            /** Format: uuid */
            id: string;
            /**
             * @description run_failed, run_missed, run_partial, orders_rejected, trading_toggled, scheduler_toggled, cancel_all, broker_unreachable, boot_failed
             * @example run_failed
             */
            kind: string;
            /** @description the text sent to the channels */
            message: string;
            payload: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            /** Format: date */
            tradingDay: string | null;
        };
        AlertPageDto: {
            items: components["schemas"]["AlertDto"][];
            /** @description pass as `cursor` for the next (older) page; null at the end */
            nextCursor: string | null;
        };
        AuditEventDto: {
            /** @example toggles.update */
            action: string;
            /** @description the acting account's email */
            actor: string;
            /** @description state after the change (JSON) */
            after: Record<string, never> | null;
            /** Format: date-time */
            at: string;
            /** @description state before the change (JSON) */
            before: Record<string, never> | null;
            /** @description the client's own x-request-id, if it sent one (correlation only) */
            correlationId: string | null;
            /** @description sequence number (string: bigint) */
            id: string;
            ip: string | null;
            reason: string | null;
            /** @description the server-generated request id */
            requestId: string | null;
            target: string | null;
        };
        AuditPageDto: {
            items: components["schemas"]["AuditEventDto"][];
            /** @description pass as `cursor` for the next (older) page; null at the end */
            nextCursor: string | null;
        };
        CancelAllDto: {
            /** @description why — written to the audit trail; visible text, no control or invisible (format) characters */
            reason: string;
        };
        CancelAllResultDto: {
            /** @description orders the broker answered for */
            canceled: number;
            /** @description the broker's answer per order ({id, status, body}) */
            results: {
                [key: string]: unknown;
            }[];
        };
        ChangePasswordDto: {
            /** Format: password */
            currentPassword: string;
            /**
             * Format: password
             * @description the password rule of docs/security.md (12+ characters, not guessable)
             */
            newPassword: string;
        };
        DriftDto: {
            /** @description fraction, signed */
            drift: string;
            symbol: string;
        };
        EffectiveTradingDto: {
            /** @description orders are sent to the broker */
            enabled: boolean;
            /** @description TRADING_ENABLED: the ceiling no toggle can exceed */
            envCeiling: boolean;
            /** @enum {string} */
            mode: "live" | "dry-run";
            /**
             * @description why dry-run: TRADING_ENABLED=false (env-ceiling) or the toggle (kill-switch)
             * @enum {string|null}
             */
            reason: "env-ceiling" | "kill-switch" | null;
            /** @description the kill-switch toggle (true = trading allowed) */
            toggle: boolean;
        };
        ErrorResponseDto: {
            /** @example Bad Request */
            error: string;
            /**
             * @description what was wrong; validation errors list one message per problem, naming the field
             * @example [
             *       "reason must not be empty"
             *     ]
             */
            message: string | string[];
            /** @description the request id (x-request-id), to find the request in the logs */
            requestId: string;
            /** @example 400 */
            statusCode: number;
        };
        GateDto: {
            /** @enum {string} */
            decision: "open" | "closed" | "not-a-trading-day" | "outside-window" | "unknown";
            error?: components["schemas"]["GateErrorDto"];
            reason: string;
            session?: components["schemas"]["SessionDto"];
            /** @description the broker's New York date; null when the broker could not be asked */
            tradingDay: string | null;
        };
        GateErrorDto: {
            message: string;
            name: string;
        };
        HistoryPointDto: {
            /**
             * Format: date-time
             * @description start of the window (left-labelled)
             */
            at: string;
            equity: string;
            /** @description dollars from the base value (broker points only) */
            profitLoss: string | null;
            /** @description fraction of the base value (broker points only) */
            profitLossPct: string | null;
            /**
             * @description snapshot: Openbell's own daily figure where the broker's series has none
             * @enum {string}
             */
            source: "broker" | "snapshot";
            /**
             * Format: date
             * @description New York date
             */
            tradingDay: string;
        };
        HistoryRunDto: {
            /** @description equity after the run */
            equity: string;
            /** Format: uuid */
            runId: string;
            runStatus: string | null;
            /** Format: date */
            tradingDay: string;
        };
        LoginDto: {
            /** @example admin@openbell.local */
            email: string;
            /** Format: password */
            password: string;
        };
        LoginResponseDto: {
            /** @description send as `Authorization: Bearer <accessToken>` */
            accessToken: string;
            /**
             * Format: date-time
             * @description when the token stops working; log in again
             */
            expiresAt: string;
            user: components["schemas"]["UserDto"];
        };
        ManualRunDto: {
            /** @description plan and record as simulated; send nothing (own ledger, never uses up the day) */
            dryRun?: boolean;
            /** @description why — written to the audit trail; visible text, no control or invisible (format) characters */
            reason: string;
        };
        MarketClockDto: {
            /**
             * Format: date-time
             * @description when the broker was last asked
             */
            fetchedAt: string;
            isOpen: boolean;
            /** Format: date-time */
            nextClose: string;
            /** Format: date-time */
            nextOpen: string;
            /**
             * Format: date-time
             * @description the broker's now (New York offset)
             */
            timestamp: string;
        };
        MissingTargetDto: {
            /** @description −targetWeight */
            drift: string;
            symbol: string;
            targetWeight: string;
        };
        OrderDto: {
            brokerOrderId: string | null;
            /** @description Alpaca's own status */
            brokerStatus: string | null;
            /** @example ob-2026-11-23-fixed-weights-SPY-buy */
            clientOrderId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description dollars the order was expected to trade when planned */
            estimatedNotional: string | null;
            /** Format: date-time */
            filledAt: string | null;
            filledAvgPrice: string | null;
            filledQty: string | null;
            /** Format: uuid */
            id: string;
            /** @description dollars of a notional order */
            notional: string | null;
            /** @description price per share the plan used (a held position's price); null when the plan knew none */
            plannedPrice: string | null;
            /** @description shares of a quantity order */
            qty: string | null;
            /** @description why the broker or the run refused it */
            rejectReason: string | null;
            riskNotes: components["schemas"]["RiskNoteDto"][];
            /**
             * Format: uuid
             * @description the run that owns (or resumed) the order
             */
            runId: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @description dry-run: recorded, never sent */
            simulated: boolean;
            /** @enum {string} */
            status: "planned" | "simulated" | "dropped" | "submitting" | "submitted" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired" | "unknown";
            /** @example fixed-weights */
            strategy: string;
            /** Format: date-time */
            submittedAt: string | null;
            /** @example SPY */
            symbol: string;
            /**
             * Format: date
             * @description New York trading day
             */
            tradingDay: string;
            /** Format: date-time */
            updatedAt: string;
        };
        OrderPageDto: {
            items: components["schemas"]["OrderDto"][];
            /** @description pass as `cursor` for the next (older) page; null at the end */
            nextCursor: string | null;
        };
        OrderSlippageDto: {
            /** @description dollars the order was expected to trade */
            estimatedNotional: string | null;
            filledAvgPrice: string | null;
            /** @description filledQty × filledAvgPrice */
            filledNotional: string | null;
            filledQty: string | null;
            /** Format: uuid */
            orderId: string;
            /** @description price per share the plan used; null when it knew none (a symbol not yet held) */
            plannedPrice: string | null;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @description against the planned price, basis points; positive = worse than planned; null unless both prices exist */
            slippageBps: string | null;
            /** @description the same in dollars over the filled quantity */
            slippageDollars: string | null;
            /** @enum {string} */
            status: "planned" | "simulated" | "dropped" | "submitting" | "submitted" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired" | "unknown";
            symbol: string;
        };
        PatchTogglesDto: {
            /** @description why — written to the audit trail; visible text, no control or invisible (format) characters */
            reason: string;
            /** @description false pauses the scheduler (its triggers are recorded as skipped) */
            schedulerEnabled?: boolean;
            /** @description the kill switch: false stops order submission at once */
            tradingEnabled?: boolean;
        };
        PlannedOrderDto: {
            clientOrderId: string;
            /** @description dollars the order is expected to trade */
            estimatedNotional: string;
            notional: string | null;
            qty: string | null;
            riskNotes: components["schemas"]["RiskNoteDto"][];
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            status: "planned" | "dropped";
            symbol: string;
        };
        PlannedVsFilledDto: {
            orders: components["schemas"]["OrderSlippageDto"][];
            totals: components["schemas"]["SlippageTotalsDto"];
        };
        PlanPreviewDto: {
            equity: string | null;
            /** @description why no plan could be made */
            error: string | null;
            gate: components["schemas"]["GateDto"];
            intents: components["schemas"]["PlannedOrderDto"][];
            /** @enum {string} */
            mode: "live" | "dry-run";
            /** @description env-ceiling or kill-switch when dry-run */
            modeReason: string | null;
            skipped: components["schemas"]["SkippedSymbolDto"][];
            strategy: string;
            tradingDay: string | null;
        };
        PortfolioDto: {
            account: components["schemas"]["AccountFiguresDto"] | null;
            /**
             * Format: date-time
             * @description when these figures were read
             */
            asOf: string;
            largestDrift: components["schemas"]["DriftDto"] | null;
            /** @description Openbell's latest daily snapshot (shown when the broker cannot be read) */
            lastSnapshot: components["schemas"]["SnapshotRefDto"] | null;
            /** @description what is going on when state is not ok */
            message: string | null;
            /** @description targets not held at all */
            missing: components["schemas"]["MissingTargetDto"][];
            positions: components["schemas"]["PortfolioPositionDto"][];
            /**
             * @description ok: figures from the broker; busy: the daily run is sending orders and display reads give way; unavailable: the broker failed
             * @enum {string}
             */
            state: "ok" | "busy" | "unavailable";
            strategy: string;
            /** @description why the targets could not be read (no drift is claimed then) */
            targetsError: string | null;
            /** @description held symbols no target names */
            untargeted: string[];
        };
        PortfolioHistoryDto: {
            message: string | null;
            /** @enum {string} */
            period: "1W" | "1M" | "3M" | "1Y" | "all";
            points: components["schemas"]["HistoryPointDto"][];
            /** @description days with a run (from the snapshots) */
            runs: components["schemas"]["HistoryRunDto"][];
            /**
             * @description ok: figures from the broker; busy: the daily run is sending orders and display reads give way; unavailable: the broker failed
             * @enum {string}
             */
            state: "ok" | "busy" | "unavailable";
            /** @example 1D */
            timeframe: string;
        };
        PortfolioPositionDto: {
            /** @description marketValue ÷ equity (fraction) */
            actualWeight: string;
            costBasis: string | null;
            /** @description actualWeight − targetWeight (fraction) */
            drift: string;
            marketValue: string;
            /** @description current price per share */
            price: string | null;
            /** @description shares */
            qty: string;
            /** @example SPY */
            symbol: string;
            /** @description a target names this symbol */
            targeted: boolean;
            /** @description the strategy's weight (fraction); null when no target names it */
            targetWeight: string | null;
            unrealizedPl: string | null;
            /** @description unrealizedPl ÷ costBasis (fraction) */
            unrealizedPlPct: string | null;
        };
        PutTargetsDto: {
            /** @description why — written to the audit trail; visible text, no control or invisible (format) characters */
            reason: string;
            targets: components["schemas"]["TargetDto"][];
        };
        RiskNoteDto: {
            /** @enum {string} */
            action: "clipped" | "dropped";
            /** @example clipped from 12000.00 to 10000.00 (per-order cap of 10000.00) */
            detail: string;
            /**
             * @description the limit that acted
             * @example RISK_MAX_ORDER_NOTIONAL
             */
            rule: string;
        };
        RunDetailDto: {
            /** @description this attempt's number on its trading day */
            attempt: number;
            dryRun: boolean;
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: date-time */
            heartbeatAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description daily-rebalance or daily-rebalance-dry-run
             * @example daily-rebalance
             */
            job: string;
            orders: components["schemas"]["OrderDto"][];
            /** @description host and process that ran it */
            owner: string;
            /** @description per order: the planning price estimate, the average fill and the slippage */
            plannedVsFilled: components["schemas"]["PlannedVsFilledDto"];
            /** @description the operator's reason for a manual run */
            reason: string | null;
            /** @description the operator who asked for a manual run */
            requestedBy: string | null;
            skipReason: string | null;
            /** Format: date-time */
            startedAt: string;
            /**
             * @description partial: the run reached the broker but some orders were rejected or left open
             * @enum {string}
             */
            status: "running" | "succeeded" | "partial" | "failed" | "skipped";
            /** @description mode, modeReason, strategy, orders, counts by status, halted, durationMs, notes; a skip records the gate */
            summary: {
                [key: string]: unknown;
            } | null;
            /**
             * Format: date
             * @description New York trading day
             */
            tradingDay: string;
            /** @enum {string} */
            trigger: "cron" | "manual" | "catch-up" | "cli";
        };
        RunDto: {
            /** @description this attempt's number on its trading day */
            attempt: number;
            dryRun: boolean;
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: date-time */
            heartbeatAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description daily-rebalance or daily-rebalance-dry-run
             * @example daily-rebalance
             */
            job: string;
            /** @description host and process that ran it */
            owner: string;
            /** @description the operator's reason for a manual run */
            reason: string | null;
            /** @description the operator who asked for a manual run */
            requestedBy: string | null;
            skipReason: string | null;
            /** Format: date-time */
            startedAt: string;
            /**
             * @description partial: the run reached the broker but some orders were rejected or left open
             * @enum {string}
             */
            status: "running" | "succeeded" | "partial" | "failed" | "skipped";
            /** @description mode, modeReason, strategy, orders, counts by status, halted, durationMs, notes; a skip records the gate */
            summary: {
                [key: string]: unknown;
            } | null;
            /**
             * Format: date
             * @description New York trading day
             */
            tradingDay: string;
            /** @enum {string} */
            trigger: "cron" | "manual" | "catch-up" | "cli";
        };
        RunOutcomeDto: {
            /** @description why it failed or was skipped */
            reason: string | null;
            run: components["schemas"]["RunDto"] | null;
            /** @enum {string} */
            status: "succeeded" | "partial" | "failed" | "skipped";
        };
        RunPageDto: {
            items: components["schemas"]["RunDto"][];
            /** @description pass as `cursor` for the next (older) page; null at the end */
            nextCursor: string | null;
        };
        SchedulerStateDto: {
            /**
             * @description TRADING_CRON
             * @example 35 9 * * 1-5
             */
            cron: string;
            /** @description the scheduler toggle */
            enabled: boolean;
            /**
             * @description TRADING_CRON_TZ
             * @example America/New_York
             */
            timeZone: string;
            /** @description TRADING_WINDOW_MINUTES after the session open */
            windowMinutes: number;
        };
        SessionDto: {
            /** Format: date-time */
            close: string;
            /**
             * Format: date-time
             * @description ISO instant with the New York offset
             */
            open: string;
        };
        SkippedSymbolDto: {
            reason: string;
            symbol: string;
        };
        SlippageTotalsDto: {
            /** @description sum of the filled notionals */
            filledNotional: string;
            /** @description orders with both a planned price and a fill */
            measuredOrders: number;
            /** @description sum of the estimated notionals */
            plannedNotional: string;
            /** @description over the measured orders; null when none */
            slippageBps: string | null;
            /** @description over the measured orders */
            slippageDollars: string;
        };
        SnapshotRefDto: {
            /** @description the session's final figure (after the close) */
            closed: boolean;
            equity: string;
            /** Format: date-time */
            takenAt: string;
            /** Format: date */
            tradingDay: string;
        };
        StatusDto: {
            /** @description the latest daily run */
            lastRun: components["schemas"]["RunDto"] | null;
            /** @description null until the broker has answered once */
            market: components["schemas"]["MarketClockDto"] | null;
            /**
             * Format: date-time
             * @description next cron trigger
             */
            nextAttempt: string | null;
            scheduler: components["schemas"]["SchedulerStateDto"];
            /** @enum {string} */
            strategy: "fixed-weights" | "congress-buys";
            trading: components["schemas"]["EffectiveTradingDto"];
        };
        StrategyViewDto: {
            fixedWeights: components["schemas"]["TargetsViewDto"];
            /** @enum {string} */
            strategy: "fixed-weights" | "congress-buys";
        };
        TargetDto: {
            /** @example SPY */
            symbol: string;
            /** @example 0.6 */
            weight: number;
        };
        TargetsViewDto: {
            /**
             * @description 'environment' (STRATEGY_TARGETS) until an operator saves targets
             * @enum {string}
             */
            source: "database" | "environment";
            targets: components["schemas"]["TargetDto"][];
            /** Format: date-time */
            updatedAt: string | null;
            updatedBy: string | null;
        };
        TogglesDto: {
            effective: components["schemas"]["EffectiveTradingDto"];
            /** @description false: scheduled attempts are recorded as skipped */
            schedulerEnabled: boolean;
            /** @description kill switch: false stops every order at once */
            tradingEnabled: boolean;
            /** Format: date-time */
            updatedAt: string;
            updatedBy: string | null;
        };
        UserDto: {
            email: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            role: "viewer" | "operator";
        };
        VersionDto: {
            /**
             * @description the deployed commit: RAILWAY_GIT_COMMIT_SHA, else build-info.json of the upload; null when unknown (local runs)
             * @example 3f2a9c1d0e4b5a6978877665544332211a0b0c0d
             */
            commit: string | null;
            /**
             * @description where `commit` came from
             * @enum {string|null}
             */
            commitSource: "railway" | "build" | null;
            /**
             * @description migrations applied to the database, oldest first
             * @example [
             *       "InitialSchema1763800000000"
             *     ]
             */
            migrations: string[];
            /** @description this build's migrations not applied (empty once boot has migrated) */
            pendingMigrations: string[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AlertsController_list: {
        parameters: {
            query?: {
                /** @description opaque cursor from the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPageDto"];
                };
            };
        };
    };
    AuditController_list: {
        parameters: {
            query?: {
                /** @description exact action, e.g. toggles.update */
                action?: string;
                /** @description the acting account's email (case-insensitive) */
                actor?: string;
                /** @description opaque cursor from the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponseDto"];
                };
            };
            /** @description invalid email or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description throttled; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
        };
    };
    AuthController_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponseDto"];
                };
            };
            /** @description wrong current or weak new password */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description throttled; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    OrdersController_list: {
        parameters: {
            query?: {
                /** @description opaque cursor from the previous page */
                cursor?: string;
                /** @description created at or after (ISO 8601) */
                from?: string;
                limit?: number;
                status?: "planned" | "simulated" | "dropped" | "submitting" | "submitted" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired" | "unknown";
                symbol?: string;
                /** @description created before (ISO 8601) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderPageDto"];
                };
            };
        };
    };
    OrdersController_cancelAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelAllDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelAllResultDto"];
                };
            };
            /** @description the broker did not confirm; the request and its outcome are in the audit log */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    PortfolioController_current: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioDto"];
                };
            };
        };
    };
    PortfolioController_history: {
        parameters: {
            query?: {
                period?: "1W" | "1M" | "3M" | "1Y" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioHistoryDto"];
                };
            };
        };
    };
    RunsController_list: {
        parameters: {
            query?: {
                /** @description opaque cursor from the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPageDto"];
                };
            };
        };
    };
    RunsController_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManualRunDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunOutcomeDto"];
                };
            };
        };
    };
    RunsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDetailDto"];
                };
            };
        };
    };
    RunsController_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanPreviewDto"];
                };
            };
        };
    };
    StatusController_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusDto"];
                };
            };
        };
    };
    StrategyController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StrategyViewDto"];
                };
            };
        };
    };
    StrategyController_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutTargetsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetsViewDto"];
                };
            };
        };
    };
    TogglesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TogglesDto"];
                };
            };
        };
    };
    TogglesController_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchTogglesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TogglesDto"];
                };
            };
        };
    };
    VersionController_version: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionDto"];
                };
            };
        };
    };
    HealthController_brokerHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    HealthController_databaseHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
}
