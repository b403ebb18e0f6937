import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type FakeGateway } from '../support/gateway.js';
import { harness, type Harness } from '../support/harness.js';
import { advanceMinutes, drain } from '../support/paging.js';

const INC = 'INC-20261122-001';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup(): Promise<{ h: Harness; gateway: FakeGateway; base: string }> {
  const gateway = await startGateway({ status: 200, body: {} });
  closers.push(() => gateway.close());
  const h = await harness({
    yaml: `
locale: en
timezone: Asia/Shanghai
publicUrl: https://zhiban.example.com/
users:
  - { id: alice, name: Alice, roles: [responder] }
  - { id: zhangsan, name: 张三, roles: [responder] }
contacts:
  - { name: 张三, user: zhangsan, phone: "13800138000", level: 1 }
  - { name: 李四, phone: "13900139000", level: 2 }
paging: { webhook: { url: "${gateway.url}/page", secret: "\${GW}" }, ackLinkHours: 1 }
`,
    env: { GW: 'gw' },
  });
  const port = await h.app.http.start(0, '127.0.0.1');
  closers.push(() => h.app.close());
  return { h, gateway, base: `http://127.0.0.1:${port}` };
}

/** The ack link of the n-th page the gateway received, pointed at the local server. */
function linkOf(gateway: FakeGateway, base: string, n = 0): string {
  const url = String(gateway.received[n]!.json.ackUrl);
  expect(url).toMatch(/^https:\/\/zhiban\.example\.com\/ack\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  return url.replace('https://zhiban.example.com', base);
}

describe('ack links', () => {
  it('a page carries a signed link; opening it only asks, the button acknowledges once and escalation stops', async () => {
    const { h, gateway, base } = await setup();
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    const link = linkOf(gateway, base);
    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Acknowledge the page for INC-20261122-001 (张三)?');
    expect((await h.store.readEvents(INC))!.some((e) => e.type === 'paging.acked')).toBe(false);
    await advanceMinutes(h, 3);
    const done = await fetch(link, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Acknowledged INC-20261122-001 at 10:03:00');
    const acked = (await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.acked');
    expect(acked.map((e) => [e.actor, e.data.via, e.data.afterMs])).toEqual([['zhangsan', 'link', 180_000]]);
    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
    // The same signature under another spelling of the token is not a fresh link.
    for (const respelled of [`${link}.x`, `${link}.`]) expect((await fetch(respelled, { method: 'POST' })).status).toBe(400);
    expect((await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.acked')).toHaveLength(1);
    expect((await fetch(`${base}/ack/%E0%A4%A`)).status).toBe(400);
    await advanceMinutes(h, 30);
    expect(gateway.received).toHaveLength(1);
  });

  it('a changed token is refused; an expired one says so', async () => {
    const { h, gateway, base } = await setup();
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    const link = linkOf(gateway, base);
    const forged = await fetch(`${link.slice(0, -3)}AAA`, { method: 'POST' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('not valid');
    await advanceMinutes(h, 61);
    const late = await fetch(link, { method: 'POST' });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
