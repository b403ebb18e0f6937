import { describe, expect, it } from 'vitest';
import { actionsConfigSchema } from '../../src/actions/config.js';
import { lazyActions } from '../../src/actions/lazy.js';
import { FakeClock } from '../../src/core/clock.js';
import { probesConfigSchema } from '../../src/diagnostics/config.js';
import { actionsFor, redact } from '../support/actions.js';

const releaseLock = {
  name: 'release-lock',
  title: { en: 'Release the inventory lock of an order', 'zh-CN': '释放订单的库存锁' },
  sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id',
  preview: 'SELECT order_id, is_locked FROM inventory_locks WHERE order_id = :order_id',
  params: { order_id: { type: 'string', pattern: '[0-9]{1,19}', description: { en: 'the order id', 'zh-CN': '订单 ID' } } },
};

describe('actions loaded on first need', () => {
  const raw = { custom: [releaseLock] };
  const lazy = () => lazyActions({ actions: actionsConfigSchema.parse(raw), probes: probesConfigSchema.parse({}) }, redact, new FakeClock());

  it('answers kinds, parameter schemas and custom actions exactly as the built actions do, before loading any handler', () => {
    const built = actionsFor(raw, {});
    const actions = lazy();
    expect(actions.kinds()).toEqual(built.kinds());
    expect(actions.customActions()).toEqual(built.customActions());
    const samples: Record<string, unknown[]> = {
      restart: [{ service: 'backend' }, { service: 'backend', container: 'mall_backend_1' }, {}, { service: 'backend', extra: 1 }],
      'restart-all': [{}, { service: 'x' }],
      'docker-cleanup': [{}, { all: true }],
      'kill-query': [{ id: '1234' }, { id: 1234, queryOnly: true }, { id: '-1' }, { id: 'abc' }],
      'cache-purge': [{ pattern: 'stock:lock:*' }, { pattern: '' }],
      'custom:release-lock': [{ order_id: '20261122001' }, { order_id: 'x' }, {}],
    };
    for (const [kind, inputs] of Object.entries(samples)) {
      for (const input of inputs) expect(actions.paramsSchema(kind)!.safeParse(input), `${kind} ${JSON.stringify(input)}`).toEqual(built.paramsSchema(kind)!.safeParse(input));
    }
  });

  it('hands out handlers only once loaded', async () => {
    const actions = lazy();
    expect(() => actions.get('restart')).toThrow('before actions.load()');
    await actions.load!();
    expect(actions.get('restart')?.kind).toBe('restart');
    expect(actions.get('custom:release-lock')?.kind).toBe('custom:release-lock');
    expect(actions.get('no-such-kind')).toBeUndefined();
  });
});
