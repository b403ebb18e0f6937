import { describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../src/core/approvals/model.js';
import { UserError } from '../../src/core/errors.js';
import { harness, type Harness } from '../support/harness.js';
import { RecordingActions } from '../support/recording-actions.js';

const INC = 'INC-20261122-001';
const REQ = 'REQ-20261122-001';

async function setup(severity = 'P1', actions = new RecordingActions()): Promise<{ h: Harness; actions: RecordingActions; req: ActionRequest }> {
  const h = await harness({ actions });
  await h.run('alice', `/incident declare ${severity} 502 on checkout`);
  const alice = h.app.services.directory.get('alice')!;
  const incident = await h.app.services.incidents.get(INC);
  const req = await h.app.services.approvals.request(alice, incident, 'poke', { what: 'backend' }, 'stuck workers');
  return { h, actions, req };
}

describe('two-person rule', () => {
  it('a request shows what will happen, who asked, what it needs, with Approve/Deny buttons bound to its digest', async () => {
    const { h, req } = await setup();
    const seen = await h.run('bob', `/requests ${REQ}`);
    expect(seen.text).toContain(`${REQ} · poke · requested by alice · pending`);
    expect(seen.text).toContain('poke backend (target v1) — stuck workers');
    expect(seen.text).toContain('Needs 1 approval(s) from someone other than alice with the approver role, before 2026-11-22 10:10');
    expect(seen.text).toContain(`[Approve] → /approve ${REQ} #${req.digest}`);
    expect(seen.text).toContain(`[Deny] → /deny ${REQ}`);
    expect((await h.run('carol', '/incident timeline')).text).toMatch(/alice\s+requested REQ-20261122-001: poke backend \(target v1\) \(needs 1 approval\(s\)\)/);
  });

  it('runs only after someone else approves, then verifies, every step on the timeline', async () => {
    const { h, actions } = await setup();
    expect(actions.calls).toHaveLength(0);
    const seen = await h.run('bob', `/approve ${REQ}`);
    expect(seen.reply.ok).toBe(true);
    expect(seen.text).toContain(`${REQ} (poke): executed — poked backend`);
    expect(seen.text).toContain('Verification after the action: ok — all good');
    expect(actions.calls).toHaveLength(1);
    const timeline = (await h.run('carol', '/incident timeline')).text;
    expect(timeline).toMatch(/bob\s+approved REQ-20261122-001 \(1\/1\)/);
    expect(timeline).toMatch(/bob\s+REQ-20261122-001 executed: poked backend/);
    expect(timeline).toMatch(/zhiban\s+after REQ-20261122-001: ok — test target: all good/);
  });

  it('refuses self-approval, a non-approver, a tampered digest — and records each refusal', async () => {
    const { h, actions } = await setup();
    expect((await h.run('alice', `/approve ${REQ}`)).text).toContain('You asked for REQ-20261122-001 yourself');
    expect((await h.run('erin', `/approve ${REQ}`)).text).toBe('✗ /approve needs the role approver; erin has: responder.');
    expect((await h.run('bob', `/approve ${REQ} #000000000000`)).text).toContain('does not match REQ-20261122-001 as it was requested');
    expect(actions.calls).toHaveLength(0);
    const timeline = (await h.run('carol', '/incident timeline')).text;
    expect(timeline).toContain('approval of REQ-20261122-001 refused: self-approval');
    expect(timeline).toContain('approval of REQ-20261122-001 refused: the button or parameters did not match the request');
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('pending');
  });

  it('exactly once: two approvers clicking at the same moment run the action once', async () => {
    const actions = new RecordingActions();
    let release!: () => void;
    actions.gate = new Promise((r) => (release = r));
    const { h } = await setup('P1', actions);
    const both = Promise.all([h.run('bob', `/approve ${REQ}`), h.run('dan', `/approve ${REQ}`)]);
    setTimeout(release, 0);
    const [a, b] = await both;
    expect(actions.calls).toHaveLength(1);
    const texts = [a.text, b.text];
    expect(texts.filter((t) => t.includes('executed — poked backend'))).toHaveLength(1);
    expect(texts.filter((t) => /is running now|has run/.test(t))).toHaveLength(1);
  });

  it('a double click by the same approver, or a retried delivery, runs once', async () => {
    const { h, actions } = await setup();
    await h.run('bob', `/approve ${REQ}`);
    const again = await h.run('bob', `/approve ${REQ}`);
    expect(again.reply.ok).toBe(false);
    expect(again.text).toContain('was already approved by bob and has run (executed)');
    expect(actions.calls).toHaveLength(1);
  });

  it('P0 incidents and high-risk actions need two different approvers', async () => {
    const { h, actions } = await setup('P0');
    const first = await h.run('bob', `/approve ${REQ}`);
    expect(first.text).toContain('REQ-20261122-001: approved by bob (1/2); waiting for another approver.');
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('bob already approved REQ-20261122-001');
    expect(actions.calls).toHaveLength(0);
    await h.run('dan', `/approve ${REQ}`);
    expect(actions.calls).toHaveLength(1);
  });

  it('expires after 10 minutes: the timer marks it, a late click says so, nothing runs', async () => {
    const { h, actions } = await setup();
    h.clock.advance(9 * 60_000);
    expect(await h.app.timers.tick()).toBe(0);
    h.clock.advance(60_000);
    expect(await h.app.timers.tick()).toBe(1);
    expect((await h.run('bob', `/approve ${REQ}`)).text).toBe('✗ REQ-20261122-001 has expired; nothing was done. Ask again if it is still needed.');
    expect(actions.calls).toHaveLength(0);
    expect((await h.run('carol', '/incident timeline')).text).toMatch(/zhiban\s+REQ-20261122-001 expired without approval/);
    expect((await h.run('carol', '/requests')).text).toMatch(/REQ-20261122-001\s+expired/);
  });

  it('a click after the deadline but before the timer fired is still refused as expired', async () => {
    const { h, actions } = await setup();
    h.clock.advance(10 * 60_000 + 1);
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('has expired');
    expect(actions.calls).toHaveLength(0);
  });

  it('deny by an approver, or withdrawal by the requester; a denied request cannot be approved', async () => {
    const { h, actions } = await setup();
    expect((await h.run('bob', `/deny ${REQ} 先看日志`)).text).toContain('REQ-20261122-001 denied by bob.');
    expect((await h.run('dan', `/approve ${REQ}`)).text).toContain('was denied by bob');
    expect(actions.calls).toHaveLength(0);
    expect((await h.run('carol', '/incident timeline')).text).toMatch(/bob\s+denied REQ-20261122-001: 先看日志/);
    const second = await setup();
    expect((await second.h.run('alice', `/deny ${REQ}`)).reply.ok).toBe(true);
  });

  it('a changed target is refused at execution and recorded; a crashing action is a failure, not a crash', async () => {
    const { h, actions } = await setup();
    actions.target = 2;
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('refused — target changed since the request');
    const again = await setup();
    again.actions.fail = true;
    const seen = await again.h.run('bob', `/approve ${REQ}`);
    expect(seen.text).toContain('failed — failed: engine exploded');
    expect((await again.h.app.services.approvals.get(REQ)).value.state).toBe('failed');
  });

  it('a pending request survives a restart and can be approved by the new process', async () => {
    const { h, actions } = await setup();
    const restarted = await harness({ store: h.store, clock: h.clock, actions });
    expect((await restarted.run('bob', `/approve ${REQ}`)).text).toContain('executed — poked backend');
  });

  it('caps requests per incident, and needs an incident at all', async () => {
    const actions = new RecordingActions();
    const h = await harness({ actions, yaml: 'timezone: Asia/Shanghai\nusers: [{ id: alice, roles: [responder] }]\napprovals: { maxPerIncident: 1 }\n' });
    const alice = h.app.services.directory.get('alice')!;
    await h.run('alice', '/incident declare P2 x');
    const inc = await h.app.services.incidents.get(INC);
    await h.app.services.approvals.request(alice, inc, 'poke', { what: 'a' });
    await expect(h.app.services.approvals.request(alice, inc, 'poke', { what: 'b' })).rejects.toMatchObject({ key: 'approval.cap' });
    const none = await harness({ actions });
    expect((await none.run('alice', '/restart backend')).text).toContain('Remediations are recorded on an incident');
  });

  it('unknown request ids and malformed ones get clear messages', async () => {
    const { h } = await setup();
    expect((await h.run('bob', '/approve REQ-20261122-009')).text).toBe('✗ No request REQ-20261122-009; see /requests.');
    expect((await h.run('bob', '/approve 42')).text).toMatch(/^✗ Invalid id "42": request id like REQ-20261122-001/);
  });
});

describe('a request cut off while executing', () => {
  it('is marked interrupted on the timeline when the process running it never finished', async () => {
    const actions = new RecordingActions();
    actions.gate = new Promise(() => undefined);
    const { h } = await setup('P1', actions);
    void h.run('bob', `/approve ${REQ}`);
    const state = async () => (await h.app.services.approvals.get(REQ)).value.state;
    for (let i = 0; i < 100 && (await state()) !== 'executing'; i++) await new Promise((r) => setImmediate(r));
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('executing');
    const survivor = await harness({ store: h.store, clock: h.clock, actions: new RecordingActions() });
    h.clock.advance(6 * 60_000);
    expect(await survivor.app.timers.tick()).toBe(0);
    h.clock.advance(60_000);
    expect(await survivor.app.timers.tick()).toBe(1);
    expect((await survivor.run('carol', `/requests ${REQ}`)).text).toContain('failed — interrupted: zhiban stopped while this ran');
    expect((await survivor.run('carol', '/incident timeline')).text).toMatch(/zhiban\s+REQ-20261122-001 failed: interrupted/);
  });
});

describe('approval re-checks the incident', () => {
  it('refuses once the incident is resolved, and records it', async () => {
    const { h, actions } = await setup();
    await h.run('alice', '/incident resolve fixed by itself');
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('INC-20261122-001 is resolved, so REQ-20261122-001 can no longer be approved');
    expect(actions.calls).toHaveLength(0);
    expect((await h.run('carol', `/incident timeline ${INC}`)).text).toContain('approval of REQ-20261122-001 refused: the incident is resolved');
  });

  it('needs two approvers when the incident became P0 after the request', async () => {
    const { h, actions } = await setup('P1');
    await h.run('alice', '/incident sev P0');
    expect((await h.run('bob', `/approve ${REQ}`)).text).toContain('approved by bob (1/2)');
    expect(actions.calls).toHaveLength(0);
  });

  it('a refusal at request time (a guard, a bad target) is on the timeline too', async () => {
    const actions = new RecordingActions();
    const h = await harness({ actions });
    await h.run('alice', '/incident declare P2 x');
    const alice = h.app.services.directory.get('alice')!;
    const incident = await h.app.services.incidents.get(INC);
    const guard = actions.get('poke')!;
    guard.prepare = async () => {
      throw UserError.text({ en: 'the last healthy instance', 'zh-CN': '最后一个健康实例' });
    };
    await expect(h.app.services.approvals.request(alice, incident, 'poke', { what: 'web' })).rejects.toThrow();
    expect((await h.run('carol', '/incident timeline')).text).toMatch(/alice\s+poke \{"what":"web"\} could not be requested: the last healthy instance/);
  });
});

describe('request timers heal themselves', () => {
  it('a timer that fires before the deadline re-arms instead of vanishing', async () => {
    const { h, actions } = await setup();
    await h.store.scheduleTimer({ id: `expire.${REQ}`, dueAt: h.clock.now(), kind: 'request.expire', payload: { id: REQ } });
    expect(await h.app.timers.tick()).toBe(1);
    expect((await h.store.listTimers()).map((t) => t.id)).toEqual([`expire.${REQ}`]);
    h.clock.advance(10 * 60_000);
    await h.app.timers.tick();
    expect((await h.app.services.approvals.get(REQ)).value.state).toBe('expired');
    expect(actions.calls).toHaveLength(0);
  });
});
