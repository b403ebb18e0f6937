import { describe, expect, it } from 'vitest';
import { en } from '../../src/core/i18n/en.js';
import { zhCN } from '../../src/core/i18n/zh-cn.js';
import { harness } from '../support/harness.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages in zh-CN and en', () => {
  it('both catalogs have the same keys and the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) expect(placeholders(zhCN[key as keyof typeof en]), key).toEqual(placeholders(text));
  });

  it('answers in the configured locale', async () => {
    const h = await harness({ yaml: 'locale: zh-CN\ntimezone: Asia/Shanghai\nusers: [{ id: alice, roles: [responder] }]\n' });
    const seen = await h.run('alice', '/incident declare P1 支付回调失败');
    expect(seen.text.split('\n')[0]).toBe('INC-20261122-001 · P1 严重 · 排查中 · 指挥 alice · 须在 15 分钟内响应');
    const bad = await h.run('alice', '/incident declare P9 x');
    expect(bad.text).toMatch(/^✗ 参数 severity 的值“P9”无效：P0（致命，5 分钟内响应）/);
    expect(bad.text).toContain('用法：/incident declare');
  });

  it('a platform can override the locale', async () => {
    const h = await harness({ yaml: 'locale: en\nplatforms: { slack: { locale: zh-CN } }\n' });
    const slack = await h.app.dispatcher.dispatch({ platform: 'slack', actor: { platformId: 'U1' }, channel: 'C', text: '/incdent' });
    expect(slack.blocks[0]).toEqual({ type: 'text', text: '未知命令 /incdent。你是想用 /incident 吗？' });
  });
});
