import type { Logger } from "pino";
import type { AlertView } from "../api-types.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import type { SyncService } from "../sync/service.js";
import type { Deliverer } from "../webhooks/deliverer.js";
import type { AlertStore } from "./alert-store.js";
import { conditionsOf, type Condition } from "./conditions.js";
import type { AlertMailer } from "./mailer.js";
import { SerialPasses } from "../lib/serial-passes.js";

/**
 * Watches every location on a tick (and soon after a job ends): each condition fires once — into
 * the notification centre, by mail and to webhooks — and re-arms when it clears.
 */
export class AlertService {
  private timer: NodeJS.Timeout | undefined;
  private readonly passes = new SerialPasses(async () => {
    try {
      this.evaluate();
      await this.deps.mailer.flush();
      await this.deps.deliverer.flush();
    } catch (err) {
      this.deps.logger.error({ err }, "alert pass failed");
    }
  });

  constructor(
    private readonly deps: {
      db: Db;
      store: AlertStore;
      locations: LocationService;
      sync: SyncService;
      mailer: AlertMailer;
      deliverer: Deliverer;
      logger: Logger;
    },
  ) {}

  /** Looks at every location now; what fired is sent on. */
  evaluate(now = Date.now()): AlertView[] {
    const { store, locations, sync, logger } = this.deps;
    const current: Condition[] = [];
    const skipped = new Set<string>();
    for (const location of locations.list()) {
      try {
        const facts = { location, sync: sync.status(location.id), settings: store.settingsOf(location.id) };
        current.push(...conditionsOf(this.deps.db, facts, now));
      } catch (err) {
        skipped.add(location.id);
        logger.error({ err, locationId: location.id }, "alert conditions could not be read");
      }
    }
    const fired = store.reconcile(current, skipped, now);
    for (const a of fired)
      this.deps.deliverer.emit("alert.fired", {
        title: a.title,
        text: a.body,
        link: a.link,
        data: {
          id: a.id,
          rule: a.rule,
          severity: a.severity,
          locationId: a.locationId,
          locationName: a.locationName,
        },
      });
    return fired;
  }

  /** One pass: evaluate, then mail and deliver what is due. Passes never overlap; a request meanwhile runs after. */
  tick(): Promise<void> {
    return this.passes.run();
  }

  start(tickMs: number): void {
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops the tick; resolves once a pass under way has ended. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.passes.idle();
  }
}
