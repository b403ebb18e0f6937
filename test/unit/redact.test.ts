import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { harness } from '../support/harness.js';

describe('redaction', () => {
  const r = new Redactor().add('s3cr3t-value');
  it.each([
    ['mysql://root:hunter2@db:3306/mall', 'mysql://root:[REDACTED]@db:3306/mall'],
    ['redis-cli -a your_password ping', 'redis-cli -a [REDACTED] ping'],
    ['mysql -u root -pSecret1 -e "SHOW"', 'mysql -u root -p[REDACTED] -e "SHOW"'],
    ['password=abc123&user=x', 'password=[REDACTED]&user=x'],
    ['{"api_key": "k-123456"}', '{"api_key": [REDACTED]}'],
    ['Authorization: Bearer abcdefghijkl', 'Authorization: [REDACTED]'],
    ['token xoxb-1234567890-abcdef', 'token [REDACTED]'],
    ['known s3cr3t-value here', 'known [REDACTED] here'],
  ])('%s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    expect(r.redact('SHOW PROCESSLIST -- 42 rows, docker ps -a')).toBe('SHOW PROCESSLIST -- 42 rows, docker ps -a');
  });

  it('no reply, timeline or log carries a configured secret', async () => {
    const h = await harness({ yaml: 'users: [{ id: alice, roles: [responder] }]\n' });
    await h.run('alice', '/incident declare P2 leaked mysql://app:pa55word@db/mall');
    const seen = await h.run('alice', '/incident timeline');
    expect(seen.text).toContain('mysql://app:[REDACTED]@db/mall');
    expect(h.logs.join('')).not.toContain('pa55word');
    expect(JSON.stringify(await h.store.readEvents('INC-20261122-001'))).not.toContain('pa55word');
  });
});
