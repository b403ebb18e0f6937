import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { harness } from '../support/harness.js';

describe('roles are checked on every command', () => {
  it('lets a viewer read but not change', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 x');
    expect((await h.run('carol', '/incident show')).reply.ok).toBe(true);
    const seen = await h.run('carol', '/incident note I should not');
    expect(seen.text).toBe('✗ /incident note needs the role responder; carol has: viewer.');
    expect(await h.store.readEvents('INC-20261122-001')).toHaveLength(1);
  });

  it('gives someone not in the config read-only access with a clear refusal', async () => {
    const h = await harness();
    expect((await h.run('mallory', '/incident list')).reply.ok).toBe(true);
    const seen = await h.run('mallory', '/incident declare P0 fake');
    expect(seen.text).toContain("mallory is not in zhiban's user list, so only read-only commands are allowed");
    expect(await h.store.listIncidents()).toEqual([]);
  });

  it('lets an admin do anything', async () => {
    const h = await harness();
    expect((await h.run('dan', '/incident declare P3 admin did it')).reply.ok).toBe(true);
  });

  it('checks roles before looking at arguments (no information leak through errors)', async () => {
    const h = await harness();
    const seen = await h.run('carol', '/incident declare P9');
    expect(seen.text).toContain('needs the role responder');
  });

  it('maps Slack ids to configured users, and unknown Slack users to read-only', async () => {
    const h = await harness();
    const asAlice = await h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U0ALICE' }, channel: 'C1', text: '/incident declare P2 from slack' });
    expect(asAlice.ok).toBe(true);
    const events = await h.store.readEvents('INC-20261122-001');
    expect(events![0]!.actor).toBe('alice');
    const stranger = await h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U0NOBODY', displayName: 'eve' }, channel: 'C1', text: '/incident note hi' });
    expect(stranger.ok).toBe(false);
  });

  it('a console user named like a Slack id does not get that Slack user\'s roles', async () => {
    const h = await harness();
    const seen = await h.run('U0ALICE', '/incident declare P2 spoof');
    expect(seen.reply.ok).toBe(false);
  });

  it('every write command requires more than viewer', () => {
    for (const c of COMMANDS.filter((c) => c.risk === 'write')) expect(c.roles).not.toContain('viewer');
  });
});
