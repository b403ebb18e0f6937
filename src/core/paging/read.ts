import type { Incident } from '../incidents/model.js';
import { StoreCorruptionError, type Store, type StoredEvent } from '../../store/port.js';
import { applyPaging, noPaging, type PagingState } from './model.js';

/** An incident and its paging state at the same point of its timeline. */
export interface IncidentPaging {
  /** Undefined when the incident does not exist. */
  incident?: Incident;
  paging: PagingState;
}

/** How many incidents' folded paging states one process keeps (the least recently used go first). */
const CACHED = 500;

interface Folded {
  /** seq of the last event folded in. */
  seq: number;
  /** Never changed once cached: a newer fold is a new object, so a caller's state stays as it was read. */
  state: PagingState;
}

/**
 * The paging state of each incident, folded incrementally: kept per incident with the seq of the
 * last event folded in, advanced by the events this process appends (`observe`) and, before each
 * read, by the tail of the timeline from that seq to the store's summary (`lastSeq`), which holds
 * whatever other replicas appended. So a page, an ack or an escalation timer reads the summary
 * and the events it has not folded yet, never the whole timeline again; after a restart the
 * first read of an incident folds it once.
 */
export class PagingFolds {
  private readonly folded = new Map<string, Folded>();

  constructor(private readonly store: Store) {}

  /**
   * The incident `id` (from its summary) and its paging state at least as far as the summary
   * goes. An incident that does not exist has no paging; a damaged timeline throws StoreCorruptionError.
   */
  async read(id: string): Promise<IncidentPaging> {
    const summary = await this.store.readSummary(id);
    if (!summary) return { paging: noPaging() };
    if (summary.damaged) throw new StoreCorruptionError(summary.damaged.where, summary.damaged.detail);
    const paging = await this.upTo(id, summary.lastSeq);
    return summary.incident ? { incident: summary.incident, paging } : { paging };
  }

  /** The paging state of incident `id` (see read). */
  async state(id: string): Promise<PagingState> {
    return (await this.read(id)).paging;
  }

  /** Folds an event just appended when it is the next one of a cached state (otherwise the next read folds it from the store). */
  observe(e: StoredEvent): void {
    const f = this.folded.get(e.incidentId);
    if (f?.seq !== e.seq - 1) return;
    this.keep(e.incidentId, { seq: e.seq, state: e.type.startsWith('paging.') ? appliedTo(f.state, [e]) : f.state });
  }

  private async upTo(id: string, seq: number): Promise<PagingState> {
    const f = this.folded.get(id) ?? { seq: 0, state: noPaging() };
    if (f.seq >= seq) {
      this.keep(id, f);
      return f.state;
    }
    const tail: StoredEvent[] = [];
    let last = f.seq;
    for await (const e of this.store.streamEvents(id, { fromSeq: f.seq + 1 })) {
      if (e.seq > seq) break;
      if (e.type.startsWith('paging.')) tail.push(e);
      last = e.seq;
    }
    // Another read may have folded further meanwhile: keep the newer one.
    const now = this.folded.get(id);
    const next = now && now.seq >= last ? now : { seq: last, state: appliedTo(f.state, tail) };
    this.keep(id, next);
    return next.state;
  }

  private keep(id: string, f: Folded): void {
    this.folded.delete(id);
    this.folded.set(id, f);
    if (this.folded.size > CACHED) this.folded.delete(this.folded.keys().next().value!);
  }
}

/** `state` with `events` folded in, as a new object (`state` itself is left as it was). */
function appliedTo(state: PagingState, events: readonly StoredEvent[]): PagingState {
  if (events.length === 0) return state;
  const next = structuredClone(state);
  for (const e of events) applyPaging(next, e);
  return next;
}
