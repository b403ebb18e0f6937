import { describe, expect, it } from 'vitest';
import type { DiagnosticsPort } from '../../src/core/checks/port.js';
import type { ProbeResult } from '../../src/core/checks/model.js';
import { L } from '../../src/core/i18n/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { NewEvent, StoredEvent } from '../../src/store/port.js';
import { harness } from '../support/harness.js';

const ID = 'INC-20261122-001';
const YAML = 'users:\n  - { id: alice, roles: [responder] }\n  - { id: carol, roles: [viewer] }\n';
const result: ProbeResult = { probe: 'fake', target: 'fake target', verdict: 'crit', summary: L('disk 99% full', '磁盘已用 99%'), findings: [], durationMs: 1 };

/** A store whose appends fail like a full disk once `full` is set, and whose incident listing can be held. */
class TroubledStore extends MemoryStore {
  full = false;
  private release: () => void = () => {};
  private held: Promise<void> | undefined;

  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.release();
  }

  override async append(id: string, event: NewEvent): Promise<StoredEvent> {
    if (this.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return super.append(id, event);
  }

  override async listIncidents(prefix = ''): Promise<string[]> {
    await this.held;
    return super.listIncidents(prefix);
  }
}

/** A zhiban whose diagnostics answer at once and count their calls. */
async function bot(store = new TroubledStore()) {
  const h = await harness({ yaml: YAML, store });
  const calls: string[] = [];
  const diagnostics: DiagnosticsPort = {
    check: async (target) => (calls.push(target), [result]),
    logs: async () => ({ service: 'db', container: 'db-1', containerState: 'running', others: [], lines: ['x'], truncated: false, matched: 1, scanned: 1 }),
  };
  h.app.services.diagnostics = diagnostics;
  return { h, store, calls, checks: async () => ((await h.store.readEvents(ID)) ?? []).filter((e) => e.type !== 'incident.declared') };
}

describe('recording diagnostics as evidence', () => {
  it('a viewer naming an incident is refused before anything runs; without a name the result is shown, not recorded', async () => {
    const { h, calls, checks } = await bot();
    await h.run('alice', '/incident declare P2 disk');
    const refused = await h.run('carol', `/check disk --incident ${ID}`);
    expect(refused.reply.ok).toBe(false);
    expect(refused.text).toContain(`Recording on the timeline of ${ID} is a change: it needs the role responder`);
    expect(calls).toEqual([]);
    const seen = await h.run('carol', '/check disk');
    expect(seen.text).toContain('disk 99% full');
    expect(seen.text).toContain('Not recorded on a timeline: recording evidence needs the role responder.');
    expect(await checks()).toEqual([]);
  });

  it('an unknown Slack user cannot write evidence either', async () => {
    const { h, checks } = await bot();
    await h.run('alice', '/incident declare P2 disk');
    const reply = await h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U0NOBODY', displayName: 'eve' }, channel: 'C1', text: `/check disk --incident ${ID}` });
    expect(reply.ok).toBe(false);
    expect(await checks()).toEqual([]);
  });

  it('a resolved incident takes no new evidence', async () => {
    const { h, calls, checks } = await bot();
    await h.run('alice', '/incident declare P2 disk');
    await h.run('alice', `/incident resolve ${ID} freed space`);
    const before = (await checks()).length;
    const refused = await h.run('alice', `/logs db --incident ${ID}`);
    expect(refused.text).toContain(`${ID} is resolved and takes no new evidence`);
    expect((await h.run('alice', `/check disk --incident ${ID}`)).reply.ok).toBe(false);
    expect(calls).toEqual([]);
    expect(await checks()).toHaveLength(before);
  });

  it('a result that cannot be recorded (disk full) is still shown, with a plain note that it was not recorded', async () => {
    const { h, store } = await bot();
    await h.run('alice', '/incident declare P1 disk full');
    store.full = true;
    const seen = await h.run('alice', '/check disk');
    expect(seen.text).toContain('disk 99% full');
    expect(seen.text).toMatch(new RegExp(`could NOT be recorded on the timeline of ${ID}: .*ENOSPC`));
    expect(seen.text).not.toContain('Recorded on the timeline');
  });

  it('the probes start without waiting for the lookup of the incident', async () => {
    const { h, store, calls } = await bot();
    await h.run('alice', '/incident declare P1 disk full');
    store.hold();
    const pending = h.run('alice', '/check disk');
    for (let i = 0; i < 50 && calls.length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['disk']);
    store.letGo();
    expect((await pending).text).toContain(`Recorded on the timeline of ${ID}.`);
  });
});
