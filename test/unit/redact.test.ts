import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../src/core/redact.js';
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

describe('the pre-check that lets plain text skip the patterns', () => {
  const samples: Array<[string, string]> = [
    ['mysql://root:Sup3rS3cret@db:3306/mall', 'Sup3rS3cret'],
    ['redis-cli -a Sup3rS3cret ping', 'Sup3rS3cret'],
    ['mysql -pSup3rS3cret -h db', 'Sup3rS3cret'],
    ['deploy --secret Sup3rS3cret', 'Sup3rS3cret'],
    ['pwd=Sup3rS3cret', 'Sup3rS3cret'],
    ['curl -H "X-Auth: Basic U3VwM3JTM2NyZXQ6eA=="', 'U3VwM3JTM2NyZXQ6eA=='],
    ['sent Bearer U3VwM3JTM2NyZXQ6eA', 'U3VwM3JTM2NyZXQ6eA'],
    ['leaked xoxb-1234567890-Sup3rS3cret', 'Sup3rS3cret'],
    ['leaked xapp-1-A123-4567890-Sup3rS3cret', 'Sup3rS3cret'],
  ];
  it.each(samples)('skips no pattern: %s', (text, secret) => {
    const out = new Redactor().redact(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(secret);
  });
});
