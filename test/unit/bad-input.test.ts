import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';

describe('bad input gets a one-line reason plus usage, and changes nothing', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown command', '/incdent list', /^✗ Unknown command \/incdent\. Did you mean \/incident\?$/],
    ['unknown command, nothing close', '/frobnicate', /^✗ Unknown command \/frobnicate\. Type \/help/],
    ['unknown sub-command', '/incident delcare P1 x', /Did you mean \/incident declare\?/],
    ['missing sub-command', '/incident', /\/incident needs a sub-command: declare · export · list/],
    ['wrong severity', '/incident declare P9 挂了', /^✗ Invalid severity "P9": one of P0 \(fatal, respond in 5 min\)/],
    ['missing title', '/incident declare P1', /^✗ Missing argument <title>/],
    ['missing everything', '/incident declare', /^✗ Missing argument <severity>/],
    ['malformed id', '/incident show INC-12', /"INC-12" is not an incident id; ids look like INC-20261122-001/],
    ['unknown id', '/incident show INC-20261122-042', /No incident INC-20261122-042\. Open incidents: INC-20261122-001\./],
    ['unknown user', '/incident role INC-20261122-001 commander zed', /Unknown user "zed"\. Configured users: alice, bob, carol, dan, erin\./],
    ['unknown incident role', '/incident role INC-20261122-001 captain bob', /Invalid role "captain": one of commander, deputy/],
    ['bad status', '/incident status INC-20261122-001 resolved', /Invalid status "resolved".*use \/incident resolve/],
    ['extra argument', '/incident show INC-20261122-001 extra', /Unexpected argument "extra"/],
    ['same severity', '/incident sev P2', /INC-20261122-001 is already P2\./],
    ['empty line', '   ', /Type a command, e\.g\. \/help\./],
  ];

  it.each(cases)('%s', async (_name, input, expected) => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 baseline');
    const before = await h.store.readEvents('INC-20261122-001');
    const seen = await h.run('alice', input);
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toMatch(expected);
    expect(seen.text).not.toMatch(/at .*\.ts:\d+|Error:|stack/);
    expect(await h.store.listIncidents()).toEqual(['INC-20261122-001']);
    expect(await h.store.readEvents('INC-20261122-001')).toEqual(before);
  });

  it('shows the usage with argument errors', async () => {
    const h = await harness();
    const seen = await h.run('alice', '/incident declare P9 挂了');
    expect(seen.text.split('\n')[1]).toBe('Usage: /incident declare <P0|P1|P2|P3> <title…> · More: /help incident declare');
  });

  it('accepts lower-case severities and Chinese quotes', async () => {
    const h = await harness();
    const seen = await h.run('alice', '/incident declare p1 “支付 回调 失败”');
    expect(seen.text).toContain('P1 serious');
    expect((await h.store.readEvents('INC-20261122-001'))![0]!.data.title).toBe('支付 回调 失败');
  });

  it('accepts apostrophes and unbalanced quotes in free text', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 x');
    expect((await h.run('alice', `/incident note the cache didn't refresh, 5" gap`)).reply.ok).toBe(true);
    expect((await h.store.readEvents('INC-20261122-001'))![1]!.data.text).toBe(`the cache didn't refresh, 5" gap`);
  });

  it('keeps the note text exactly as typed', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 x');
    await h.run('alice', '/incident note   SHOW PROCESSLIST:  42 rows,  "Locked"  ');
    const events = await h.store.readEvents('INC-20261122-001');
    expect(events![1]!.data.text).toBe('SHOW PROCESSLIST:  42 rows,  "Locked"');
  });

  it('refuses changes to a resolved incident and says how to reopen', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 x');
    await h.run('alice', '/incident resolve done');
    const seen = await h.run('alice', '/incident status INC-20261122-001 mitigated');
    expect(seen.text).toBe('✗ INC-20261122-001 is resolved; reopen it first with /incident reopen INC-20261122-001.');
  });

  it('says plainly when its own data folder cannot be written (a full disk), and records nothing', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 x');
    h.store.append = () => Promise.reject(Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' }));
    const seen = await h.run('alice', '/incident note disk is full');
    expect(seen.text).toMatch(/^✗ zhiban could not write its data folder \(ENOSPC: disk full, read-only or no permission\), so nothing was recorded \(reference [0-9a-f]{8}\)/);
    expect(await h.store.readEvents('INC-20261122-001')).toHaveLength(1);
  });

  it('turns an unexpected failure into a reference id, logged with the details', async () => {
    const h = await harness();
    h.store.readSummary = () => Promise.reject(new Error('disk on fire'));
    await h.run('alice', '/incident declare P2 x');
    const seen = await h.run('alice', '/incident show INC-20261122-001');
    const ref = /reference ([0-9a-f]{8})/.exec(seen.text)?.[1];
    expect(ref).toBeDefined();
    expect(seen.text).not.toContain('disk on fire');
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.ref === ref);
    expect(logged).toMatchObject({ level: 'error', msg: 'internal error', error: 'disk on fire', user: 'alice' });
  });
});
