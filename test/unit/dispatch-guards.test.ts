import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';

describe('the dispatcher\'s last line of defence', () => {
  it('a secret typed in an argument is not echoed back in the refusal', async () => {
    const h = await harness();
    const seen = await h.run('carol', '/check http mysql://root:hunter2@db/mall');
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toContain('No HTTP target "mysql://root:[REDACTED]@db/mall"');
    expect(JSON.stringify(seen.reply)).not.toContain('hunter2');
  });
});

describe('access.unknownUsers', () => {
  const yaml = 'users:\n  - { id: alice, roles: [responder], slack: U0ALICE }\naccess: { unknownUsers: [] }\n';
  const asStranger = async (text: string) => {
    const h = await harness({ yaml });
    return h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U0NOBODY', displayName: 'eve' }, channel: 'C1', text });
  };

  it('an empty list lets nobody unknown even read, and says so plainly', async () => {
    for (const text of ['/incident list', '/help', '/check host']) {
      const reply = await asStranger(text);
      expect(reply.ok, text).toBe(false);
    }
    const refusal = JSON.stringify(await asStranger('/incident list'));
    expect(refusal).toContain('eve is not in zhiban\'s user list');
    expect(refusal).not.toContain('read-only commands are allowed');
  });

  it('configured people keep their roles', async () => {
    const h = await harness({ yaml });
    const reply = await h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U0ALICE' }, channel: 'C1', text: '/incident list' });
    expect(reply.ok).toBe(true);
  });
});
