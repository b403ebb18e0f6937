import { afterEach, describe, expect, it, vi } from 'vitest';
import { withRedisClient } from '../../src/probes/redis/client.js';

const deadline = () => ({ signal: new AbortController().signal, timeoutMs: 3000 });

describe('a Redis password the server does not need', () => {
  afterEach(() => vi.restoreAllMocks());

  it('connects without ioredis printing a warning outside the JSON log', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    await expect(withRedisClient('redis://:not-needed@127.0.0.1:6379', deadline(), (c) => c.ping())).resolves.toBe('PONG');
    await expect(withRedisClient('redis://someone:not-needed@127.0.0.1:6379', deadline(), (c) => c.ping())).rejects.toThrow(/WRONGPASS|invalid username-password/i);
    expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
  });
});
