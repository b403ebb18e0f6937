import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { Redactor } from '../../src/core/redact.js';
import { createLogger } from '../../src/runtime/pino-logger.js';
import { parseConfigText } from '../../src/config/load.js';

/** The `n` of each `line n` logged, in file order. */
function numbers(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => Number((JSON.parse(l) as { msg: string }).msg.replace('line ', '')));
}

describe('the log file', () => {
  for (const async of [false, true]) {
    it(`rotates by size and keeps the newest files, losing no line within them (${async ? 'zhiban start' : 'shell and exec'})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zhiban-logrot-'));
      const file = join(dir, 'zhiban.log');
      const log = createLogger({ level: 'info', redactor: new Redactor(), clock: new FakeClock(), file, async, rotate: { maxBytes: 20_000, keep: 2, checkEveryBytes: 2_000 } });
      for (let n = 1; n <= 1_000; n++) {
        log.info(`line ${n}`);
        if (async && n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await log.flush();
      expect(readdirSync(dir).sort()).toEqual(['zhiban.log', 'zhiban.log.1', 'zhiban.log.2']);
      // each file stops within one check of the limit (one line is about 70 bytes)
      for (const f of ['zhiban.log.1', 'zhiban.log.2']) expect(statSync(join(dir, f)).size).toBeLessThan(20_000 + 2_000 + 200);
      const kept = [...numbers(`${file}.2`), ...numbers(`${file}.1`), ...numbers(file)];
      expect(kept.at(-1)).toBe(1_000);
      expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => kept[0]! + i));
      expect(kept[0]).toBeGreaterThan(1);
    });
  }

  it('a quiet process sharing the file follows it to the new file once another has rotated it, losing none of its lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-logrot-'));
    const file = join(dir, 'zhiban.log');
    const clock = new FakeClock();
    const rotate = { maxBytes: 5_000, keep: 2, checkEveryBytes: 500, checkEveryMs: 5_000 };
    const open = () => createLogger({ level: 'info', redactor: new Redactor(), clock, file, async: false, rotate });
    const busy = open();
    const quiet = open();
    quiet.info('line 1');
    for (let n = 2; n <= 400; n++) busy.info(`line ${n}`);
    clock.advance(5_000);
    quiet.info('line 401');
    await busy.flush();
    await quiet.flush();
    expect(numbers(file)).toContain(401);
    expect(readdirSync(dir).sort()).toEqual(['zhiban.log', 'zhiban.log.1', 'zhiban.log.2']);
  });

  it('never rotates with maxBytes 0, and reopens its path after logrotate moved it (SIGHUP)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-logrot-'));
    const file = join(dir, 'zhiban.log');
    const log = createLogger({ level: 'info', redactor: new Redactor(), clock: new FakeClock(), file, async: false, rotate: { maxBytes: 0, keep: 2, checkEveryBytes: 100 } });
    for (let n = 1; n <= 100; n++) log.info(`line ${n}`);
    renameSync(file, `${file}.rotated`);
    log.info('line 101');
    log.reopen();
    log.info('line 102');
    await log.flush();
    expect(numbers(`${file}.rotated`)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(numbers(file)).toEqual([102]);
  });

  it('is configured with log.maxSizeMB and log.keep (50 MB and 5 by default), and a bad value is refused with the key named', () => {
    const defaults = parseConfigText('locale: en\n', 'zhiban.yml', {}).config.log;
    expect(defaults).toMatchObject({ maxSizeMB: 50, keep: 5 });
    expect(parseConfigText('log: { maxSizeMB: 0, keep: 2 }\n', 'zhiban.yml', {}).config.log).toMatchObject({ maxSizeMB: 0, keep: 2 });
    expect(() => parseConfigText('log: { keep: 0 }\n', 'zhiban.yml', {})).toThrow(/log\.keep/);
  });
});
