import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { NewEvent, StoredEvent } from '../../src/store/port.js';
import { FakeClock } from '../../src/core/clock.js';
import { harness } from '../support/harness.js';
import { RecordingActions } from '../support/recording-actions.js';

const INC = 'INC-20261122-001';
const REQ = 'REQ-20261122-001';

/** A memory store whose disk "fills up" on demand: every write then fails with ENOSPC. */
class FillingStore extends MemoryStore {
  full = false;

  private check(): void {
    if (this.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }

  override async append(id: string, event: NewEvent): Promise<StoredEvent> {
    this.check();
    return super.append(id, event);
  }

  override async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number): Promise<number | undefined> {
    this.check();
    return super.putRecord(kind, id, value, expectedVersion);
  }
}

describe('a request dies with its incident', () => {
  it('after resolve and reopen, the old request does not run, and says why', async () => {
    const actions = new RecordingActions();
    const h = await harness({ actions });
    await h.run('alice', '/incident declare P2 slow checkout');
    const alice = h.app.services.directory.get('alice')!;
    await h.app.services.approvals.request(alice, await h.app.services.incidents.get(INC), 'poke', { what: 'backend' });
    await h.run('alice', `/incident resolve ${INC} fixed by itself`);
    await h.run('alice', `/incident reopen ${INC} back again`);
    const seen = await h.run('bob', `/approve ${REQ}`);
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toBe(`✗ ${INC} was resolved after ${REQ} was requested, so the request ended with the incident and will not run; ask again if it is still needed.`);
    expect(actions.calls).toHaveLength(0);
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('expired');
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('expired');
  });

  it('a request made after the reopen runs as usual', async () => {
    const actions = new RecordingActions();
    const h = await harness({ actions });
    await h.run('alice', '/incident declare P2 slow checkout');
    await h.run('alice', `/incident resolve ${INC} fixed by itself`);
    await h.run('alice', `/incident reopen ${INC} back again`);
    const alice = h.app.services.directory.get('alice')!;
    await h.app.services.approvals.request(alice, await h.app.services.incidents.get(INC), 'poke', { what: 'backend' });
    expect((await h.run('bob', `/approve ${REQ}`)).reply.ok).toBe(true);
    expect(actions.calls).toHaveLength(1);
  });
});

describe('the disk fills up right after an action ran', () => {
  it('the approver is told what happened and not to run it again; the next start reconciles the request', async () => {
    const store = new FillingStore();
    const clock = new FakeClock('2026-11-22T02:00:00.000Z');
    const actions = new RecordingActions();
    const h = await harness({ actions, store, clock });
    await h.run('alice', '/incident declare P2 slow checkout');
    const alice = h.app.services.directory.get('alice')!;
    await h.app.services.approvals.request(alice, await h.app.services.incidents.get(INC), 'poke', { what: 'backend' });
    // The disk fills up while the action runs (the gate is awaited inside execute).
    actions.gate = {
      then(resolve: () => void) {
        store.full = true;
        resolve();
      },
    } as unknown as Promise<void>;
    const seen = await h.run('bob', `/approve ${REQ}`);
    expect(actions.calls).toHaveLength(1);
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toMatch(/^✗ REQ-20261122-001 has run \(executed\): poked backend\. zhiban could not record the outcome \(ENOSPC, reference [0-9a-f]{8}\); do NOT run it again\./);
    expect(seen.text).not.toMatch(/try again|nothing was recorded/i);
    expect(h.logs.join('')).toContain('"outcome not recorded"');
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('executing');

    store.full = false;
    const next = await harness({ actions, store, clock, runnerAlive: () => false });
    const req = (await next.app.services.approvals.get(REQ)).value;
    expect(req.state).toBe('failed');
    expect(req.execution?.outcome?.result.en).toMatch(/^interrupted: /);
    expect((await next.run('carol', '/incident timeline')).text).toContain('REQ-20261122-001 failed: interrupted');
    expect(actions.calls).toHaveLength(1);
  });

  it('a start-up leaves alone a request another live process is running', async () => {
    const store = new FillingStore();
    const actions = new RecordingActions();
    const h = await harness({ actions, store });
    await h.run('alice', '/incident declare P2 slow checkout');
    const alice = h.app.services.directory.get('alice')!;
    await h.app.services.approvals.request(alice, await h.app.services.incidents.get(INC), 'poke', { what: 'backend' });
    let release!: () => void;
    actions.gate = new Promise((r) => (release = r));
    const running = h.run('bob', `/approve ${REQ}`);
    await new Promise((r) => setImmediate(r));
    await harness({ actions, store, runnerAlive: () => true });
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('executing');
    release();
    expect((await running).reply.ok).toBe(true);
  });
});
