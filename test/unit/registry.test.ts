import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRegistry, COMMANDS } from '../../commands/index.js';
import { defineCommand } from '../../src/core/command.js';
import { CommandRegistry } from '../../src/core/registry.js';
import { reply } from '../../src/core/reply.js';
import { harness } from '../support/harness.js';

const ok = defineCommand({
  name: 'ping',
  summary: { en: 'ping', 'zh-CN': '测试' },
  usage: '/ping',
  examples: ['/ping'],
  params: [],
  schema: z.object({}),
  risk: 'read',
  roles: ['viewer'],
  run: async () => reply([]),
});

describe('command registry', () => {
  it('registers every shipped command without complaint', () => {
    expect(() => buildRegistry()).not.toThrow();
    expect(buildRegistry().all()).toHaveLength(COMMANDS.length);
  });

  it('rejects a duplicate name', () => {
    const r = new CommandRegistry().register(ok);
    expect(() => r.register(ok)).toThrow('command "ping" registered twice');
  });

  it('rejects a bad definition at start-up, saying what is wrong', () => {
    const r = new CommandRegistry();
    expect(() => r.register({ ...ok, name: 'Ping!' })).toThrow(/invalid command definition "Ping!": name/);
    expect(() => r.register({ ...ok, examples: ['/pong'] })).toThrow(/example "\/pong" must start with \/ping/);
    expect(() => r.register({ ...ok, summary: { en: 'x', 'zh-CN': '' } })).toThrow(/summary.zh-CN/);
    expect(() => r.register({ ...ok, risk: 'write' })).toThrow(/a write command cannot be open to viewers/);
    expect(() => r.register({ ...ok, name: 'nogroup sub', usage: '/nogroup sub', examples: ['/nogroup sub'] })).toThrow(/has no group/);
  });

  it('every command has help generated from its definition, in both languages', async () => {
    const h = await harness();
    const overview = (await h.run('carol', '/help')).text;
    for (const c of COMMANDS) {
      expect(overview).toContain(c.summary.en);
      const detail = await h.run('carol', `/help ${c.name}`);
      expect(detail.reply.ok).toBe(true);
      expect(detail.text).toContain(c.usage);
      for (const ex of c.examples) expect(detail.text).toContain(ex);
    }
    const zh = await harness({ yaml: 'locale: zh-CN\n' });
    const zhHelp = (await zh.run('anyone', '/help incident declare')).text;
    expect(zhHelp).toContain('宣告故障：级别和故障现象');
    expect(zhHelp).toContain('用法');
  });

  it('help for an unknown topic suggests the nearest', async () => {
    const h = await harness();
    const seen = await h.run('carol', '/help incident delcare');
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toContain('Did you mean /help incident declare?');
  });
});
