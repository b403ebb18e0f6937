import { CHECK_EVENT } from '../core/checks/model.js';
import { DRILL_EVENT } from '../core/drills/model.js';
import type { StoredEvent } from '../store/port.js';

/** A drill's key times: fault injected, first failing check after it (detected), fault reverted (recovered). */
export interface DrillTimes {
  scenario: string;
  injectedAt?: number;
  detectedAt?: number;
  recoveredAt?: number;
  /** Injection to the first check that was not ok. */
  ttdMs?: number;
  /** Injection to the revert. */
  ttrMs?: number;
}

/** Folds a drill's timeline into its key times (event by event, like the rest of the review). */
export class DrillFold {
  private injectedAt?: number;
  private detectedAt?: number;
  private recoveredAt?: number;

  /** Takes the next event of the timeline. */
  add(e: StoredEvent): void {
    if (e.type === DRILL_EVENT.injected) this.injectedAt ??= e.at;
    else if (e.type === DRILL_EVENT.reverted) this.recoveredAt ??= e.at;
    else if (e.type === CHECK_EVENT && this.injectedAt !== undefined && this.recoveredAt === undefined && e.data.verdict !== 'ok') this.detectedAt ??= e.at;
  }

  /** The key times so far. */
  result(scenario: string): DrillTimes {
    const from = (at: number | undefined) => (at === undefined || this.injectedAt === undefined ? undefined : at - this.injectedAt);
    const out: DrillTimes = { scenario };
    if (this.injectedAt !== undefined) out.injectedAt = this.injectedAt;
    if (this.detectedAt !== undefined) out.detectedAt = this.detectedAt;
    if (this.recoveredAt !== undefined) out.recoveredAt = this.recoveredAt;
    const ttd = from(this.detectedAt);
    const ttr = from(this.recoveredAt);
    if (ttd !== undefined) out.ttdMs = ttd;
    if (ttr !== undefined) out.ttrMs = ttr;
    return out;
  }
}
