import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';
import { connectSlack, drain, PAGING_CONFIG } from '../support/paging.js';

const INC = 'INC-20261122-001';

describe('/page, /ack, /paging', () => {
  it('viewers cannot page; a responder pages a contact role by hand, with a reason in the DM', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    const slack = connectSlack(h);
    await h.run('alice', '/incident declare P2 图片加载慢');
    await drain(h);
    expect((await h.run('carol', '/page product')).text).toBe('✗ /page needs the role responder; carol has: viewer.');
    const paged = await h.run('alice', `/page ${INC} product --reason 需要产品确认公告`);
    expect(paged.text).toBe(`Paged for ${INC}: 王五 产品负责人 — Slack DM`);
    await drain(h);
    const dm = slack.delivered.find((d) => d.to.kind === 'person' && d.to.platformId === 'U01WW')!;
    expect(JSON.stringify(dm.reply.blocks)).toContain('Reason: 需要产品确认公告');
    const event = (await h.store.readEvents(INC))!.find((e) => e.type === 'paging.paged' && e.data.chain === 'manual')!;
    expect(event.actor).toBe('alice');
  });

  it('an unknown role or user lists the valid ones', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    await h.run('alice', '/incident declare P1 支付回调失败');
    const seen = await h.run('alice', '/page nobody');
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toContain('Nobody called "nobody" can be paged. Valid: zhangsan, 运维负责人, lisi, 后端负责人, wangwu, 产品负责人, commander');
    expect(seen.text).toContain('Usage: /page');
  });

  it('the commander role of the incident can be paged by its name', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    const slack = connectSlack(h);
    await h.run('alice', '/incident declare P2 图片加载慢');
    await h.run('alice', '/incident role ops zhangsan');
    expect((await h.run('alice', '/page ops')).text).toContain('张三 运维负责人');
    await drain(h);
    expect(slack.dms()).toContain('U01ZS');
  });

  it('/ack on a resolved incident gives a one-line reason; someone not paged may ack and it is recorded as theirs', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    connectSlack(h);
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    const alice = await h.run('alice', '/ack');
    expect(alice.text).toContain('Alice acknowledged INC-20261122-001 at 10:00:00');
    expect((await h.run('carol', '/ack')).text).toBe('✗ /ack needs the role responder; carol has: viewer.');
    await h.run('alice', '/incident resolve 已修复');
    expect((await h.run('zhangsan', `/ack ${INC}`)).text).toBe(`✗ ${INC} is resolved: there is nothing to acknowledge.`);
    const acks = (await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.acked');
    expect(acks.map((e) => [e.actor, e.data.afterMs])).toEqual([['alice', null]]);
  });

  it('/paging shows who was paged, on which channel, delivered, and who acknowledged; in zh-CN too', async () => {
    const h = await harness({ yaml: PAGING_CONFIG.replace('locale: en', 'locale: zh-CN') });
    connectSlack(h);
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    await h.run('zhangsan', '/ack');
    const seen = (await h.run('carol', '/paging')).text;
    expect(seen).toContain('INC-20261122-001 的呼叫 · zhangsan 于 2026-11-22 10:00:00 已确认');
    expect(seen).toMatch(/2026-11-22 10:00:00\s+张三 \(zhangsan\)\s+1\s+Slack 私信 ✓\s+2026-11-22 10:00:00/);
  });

  it('/paging test sends through every channel of one contact and says how each went', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    const slack = connectSlack(h);
    const seen = await h.run('alice', '/paging test zhangsan');
    expect(seen.text).toBe('Test page to 张三:\n✓ Slack DM: delivered');
    expect(slack.dms()).toEqual(['U01ZS']);
    slack.down = true;
    expect((await h.run('alice', '/paging test lisi')).text).toContain('✗ Slack DM: Slack did not accept the direct message');
    expect((await h.run('carol', '/paging test lisi')).text).toBe('✗ /paging test needs the role responder; carol has: viewer.');
  });

  it('P0 and P1 cards show the external contacts (manual 4.2) and carry the Acknowledge button', async () => {
    const yaml = `${PAGING_CONFIG}paging:\n  external:\n    - { name: 阿里云, role: 云服务商, phone: "95187" }\n    - { name: 微信支付商户服务, phone: "95017" }\n`;
    const h = await harness({ yaml });
    connectSlack(h);
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    const card = (await h.run('carol', '/incident show')).text;
    expect(card).toContain('External contacts: 阿里云 云服务商 95187 · 微信支付商户服务 95017');
    expect(card).toContain(`[Acknowledge] → /ack ${INC}`);
    expect((await h.run('carol', '/paging')).text).toContain('External contacts: 阿里云');
  });
});
