import { Global, Module } from '@nestjs/common';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { MetricsService } from '../metrics/metrics.service';
import { BrokerRequestListener } from '../trading/broker/broker.module';
import { AlertDeliveryRepository } from './alert-delivery.repository';
import { AlertDeliveryWorker } from './alert-delivery.worker';
import { AlertsModule } from './alerts.module';
import { BrokerOutageMonitor } from './broker-outage.monitor';
import { RunMissedWatchdog } from './run-missed.watchdog';
import { WatchdogRepository } from './watchdog.repository';

/**
 * Alerts beyond recording: the outbox delivery worker and the run_missed watchdog (both active in
 * worker/all roles only), and the broker-outage monitor, which hears every broker exchange (with
 * the request metrics) through the BrokerModule's listener hook. Global only so that the
 * BrokerModule finds that optional listener; nothing else reaches into it. The service process
 * imports it once (AppModule); the CLI does not.
 */
@Global()
@Module({
  imports: [AlertsModule, MarketGateModule],
  providers: [
    AlertDeliveryRepository,
    AlertDeliveryWorker,
    WatchdogRepository,
    RunMissedWatchdog,
    BrokerOutageMonitor,
    {
      provide: BrokerRequestListener,
      inject: [MetricsService, BrokerOutageMonitor],
      useFactory: (
        metrics: MetricsService,
        outage: BrokerOutageMonitor,
      ): BrokerRequestListener => ({
        onRequest: (event) => {
          metrics.brokerRequest(event);
          outage.observe(event);
        },
      }),
    },
  ],
  exports: [BrokerRequestListener, AlertDeliveryWorker, RunMissedWatchdog, BrokerOutageMonitor],
})
export class AlertMonitoringModule {}
