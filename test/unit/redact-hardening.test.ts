import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { REDACTION_PATTERNS, Redactor } from '../../src/core/redact.js';
import { harness } from '../support/harness.js';

describe('redaction stays linear', () => {
  it.each(REDACTION_PATTERNS.map((p) => [p[0].source.slice(0, 40), p[0]] as const))('pattern %s has no super-linear backtracking', { timeout: 90_000 }, (_s, re) => {
    const verdict = checkSync(re.source, re.flags, { timeout: 60_000 });
    expect({ status: verdict.status, attack: verdict.status === 'vulnerable' ? verdict.attack.string.slice(0, 20) : undefined }).toEqual({ status: 'safe', attack: undefined });
  });

  it('redacts 128 KB of a.a.a… and a long line of dotted words', () => {
    const r = new Redactor().add('s3cr3t-value');
    const big = 'a.'.repeat(64 * 1024);
    expect(r.redact(big)).toBe(big);
    const line = `${'token.'.repeat(20_000)}x password=hunter2`;
    expect(r.redact(line).endsWith('password=[REDACTED]')).toBe(true);
  });
});

describe('encoded forms of a secret and MySQL wording', () => {
  const secret = 'p@ss w0rd/+=';
  const r = new Redactor().add(secret);
  it.each([
    ['URL-encoded', `GET /api?key=${encodeURIComponent(secret)}&x=1`],
    ['form-encoded', `body: key=${encodeURIComponent(secret).replace(/%20/g, '+')}`],
    ['base64', `header ${Buffer.from(secret).toString('base64')} end`],
    ['base64url', `header ${Buffer.from(secret).toString('base64url')} end`],
  ])('the %s form is redacted', (_name, text) => {
    expect(r.redact(text)).toContain('[REDACTED]');
    expect(r.redact(text)).not.toContain(text.split(' ')[1]!.slice(-6));
  });

  it('MySQL\'s "(using password: YES)" stays readable', () => {
    const msg = "Access denied for user 'root'@'10.0.0.5' (using password: YES)";
    expect(r.redact(msg)).toBe(msg);
    expect(r.redact('(using password: NO)')).toBe('(using password: NO)');
    expect(r.redact('password: YES123')).toBe('password: [REDACTED]');
  });
});

describe('every value substituted from ${…} is a secret', () => {
  const yaml = `
users: [{ id: alice, roles: [responder] }]
probes:
  http:
    targets:
      - { name: shop, url: "https://shop.example/health?key=\${SHOP_KEY}&v=1" }
`;
  it('a ${VAR} in an HTTP URL query is registered and redacted from replies, timeline and logs', async () => {
    const env = { SHOP_KEY: 'k3y-from-env-42' };
    expect(parseConfigText(yaml, 'test', env).secrets).toContain('k3y-from-env-42');
    const h = await harness({ yaml, env });
    await h.run('alice', '/incident declare P2 probe said k3y-from-env-42 and k3y-from-env-42');
    const seen = await h.run('alice', '/incident show');
    expect(seen.text).toContain('probe said [REDACTED]');
    expect(h.logs.join('')).not.toContain('k3y-from-env-42');
    expect(JSON.stringify(await h.store.readEvents('INC-20261122-001'))).not.toContain('k3y-from-env-42');
  });
});
