import { describe, expect, it } from 'vitest';
import { reviewRig } from '../support/review-script.js';

const MIN = 60_000;

describe('pages and acknowledgements in the review', () => {
  it('shows each person paged, their channels, deliveries and when they acknowledged; the first ack is the TTA', async () => {
    const rig = await reviewRig();
    await rig.run('alice', '/incident declare P0 全站无法访问');
    const id = 'INC-20261101-001';
    const record = (actor: string, type: string, data: Record<string, unknown>) => rig.app.services.incidents.record(actor, id, type, data);
    const zhangsan = { key: 'zhangsan', name: '张三', user: 'alice', level: 1 };
    const lisi = { key: 'lisi', name: '李四', level: 2 };
    await record('zhiban', 'paging.paged', { page: 'PG-1', chain: 'c1', person: zhangsan, channels: [{ channel: 'slack', address: 'U0ALICE' }, { channel: 'webhook', address: 'sms' }] });
    await record('zhiban', 'paging.paged', { page: 'PG-2', chain: 'c1', person: lisi, channels: [{ channel: 'dingtalk', address: '138' }] });
    await record('zhiban', 'paging.delivered', { page: 'PG-1', channel: 'slack' });
    await record('zhiban', 'paging.failed', { page: 'PG-1', channel: 'webhook', error: 'gateway 502' });
    await record('zhiban', 'paging.failed', { page: 'PG-2', channel: 'dingtalk', error: 'sign mismatch' });
    rig.clock.advance(3 * MIN);
    await record('alice', 'paging.acked', { user: 'alice', via: 'button', afterMs: 3 * MIN });
    rig.clock.advance(30 * MIN);
    await rig.run('alice', `/incident resolve ${id} 回滚`);
    const md = (await rig.run('carol', `/incident export ${id} md`)).text;
    expect(md).toContain('First acknowledged**: 2026-11-01 13:33:00 UTC+08:00 by alice');
    expect(md).toContain('Time to acknowledge**: 3 min');
    expect(md).toContain('Response time (P0: 5 min)**: met');
    expect(md).toContain('| 张三 (alice) | 1 | 1 | slack, webhook | 1 / 1 | 2026-11-01 13:30:00 UTC+08:00 | 2026-11-01 13:33:00 UTC+08:00 (3 min after the first page, via button) |');
    expect(md).toContain('| 李四 | 2 | 1 | dingtalk | 0 / 1 | 2026-11-01 13:30:00 UTC+08:00 | — |');
  });

  it('a breach recorded by paging marks the response time missed', async () => {
    const rig = await reviewRig();
    await rig.run('alice', '/incident declare P0 全站无法访问');
    rig.clock.advance(6 * MIN);
    await rig.app.services.incidents.record('zhiban', 'INC-20261101-001', 'paging.breached', { severity: 'P0' });
    const md = (await rig.run('carol', '/incident export INC-20261101-001 md')).text;
    expect(md).toContain('Response time (P0: 5 min)**: breached at 2026-11-01 13:36:00 UTC+08:00');
  });
});
