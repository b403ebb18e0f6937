import type { StoredEvent } from '../../store/port.js';

/** An external contact as snapshotted when paging started (manual 4.2). */
export interface ExternalContact {
  name: string;
  role?: string;
  phone?: string;
  url?: string;
  note?: string;
}

/** What an incident card shows about paging, folded from the paging events. */
export interface PagingSummary {
  state: 'active' | 'acked' | 'stopped';
  level: number;
  ackedBy?: string;
  breached: boolean;
  external: ExternalContact[];
}

/** Folds one event into the card's paging summary; events that are not paging leave it as it was. */
export function applyPagingEvent(prev: PagingSummary | undefined, e: StoredEvent): PagingSummary | undefined {
  const d = e.data;
  switch (e.type) {
    case 'paging.started':
      return { state: 'active', level: 0, breached: prev?.breached ?? false, external: (d.external as ExternalContact[] | undefined) ?? [] };
    case 'paging.paged': {
      const level = (d.person as { level?: number } | undefined)?.level ?? 0;
      return prev && d.chain !== 'manual' ? { ...prev, level: Math.max(prev.level, level) } : prev;
    }
    case 'paging.acked':
      return prev ? { ...prev, state: 'acked', ackedBy: prev.ackedBy ?? String(d.user) } : prev;
    case 'paging.breached':
      return prev ? { ...prev, breached: true } : prev;
    case 'paging.stopped':
      return prev && prev.state === 'active' ? { ...prev, state: 'stopped' } : prev;
    default:
      return prev;
  }
}
