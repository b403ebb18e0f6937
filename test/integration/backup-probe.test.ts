import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { backupProbeConfigSchema } from '../../src/probes/backup/config.js';
import { checkIntegrity } from '../../src/probes/backup/integrity.js';
import { backupProbes } from '../../src/probes/backup/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';

const HOUR = 3_600_000;
const now = Date.now();

/** A fresh temp folder for one test's backups. */
const folder = (): string => mkdtempSync(join(tmpdir(), 'zhiban-backup-'));

/** Writes `content` to `dir/name` and sets its modification time `hoursAgo` hours back. */
function put(dir: string, name: string, content: Buffer | string, hoursAgo: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  const t = (now - hoursAgo * HOUR) / 1000;
  utimesSync(path, t, t);
  return path;
}

/** A mysqldump-like SQL text of about `rows` rows, with or without its completion line. */
function dump(rows: number, completed = true): string {
  const body = Array.from({ length: rows }, (_, i) => `INSERT INTO orders VALUES (${i},'mall-order-${i}',${i * 7 % 1000});`).join('\n');
  return `-- MySQL dump 10.13\nCREATE TABLE orders (id int, no varchar(40), amount int);\n${body}\n${completed ? '-- Dump completed on 2026-12-01  3:00:01\n' : ''}`;
}

/** A real tar.gz of a small config tree, made with the tar CLI. */
function configTarball(dir: string, name: string, hoursAgo: number, gzip = true): string {
  const src = mkdtempSync(join(tmpdir(), 'zhiban-conf-'));
  mkdirSync(join(src, 'nginx'));
  writeFileSync(join(src, 'nginx', 'mall.conf'), 'server { listen 443 ssl; }\n'.repeat(200));
  writeFileSync(join(src, '.env.prod'), 'DB_POOL=20\n');
  const path = join(dir, name);
  execFileSync('tar', [gzip ? '-czf' : '-cf', path, '-C', src, '.']);
  const t = (now - hoursAgo * HOUR) / 1000;
  utimesSync(path, t, t);
  return path;
}

async function probe(location: Record<string, unknown>, timeoutMs = 3000): Promise<ProbeResult> {
  const [p] = backupProbes(backupProbeConfigSchema.parse({ locations: [{ name: 'mall', ...location }] }));
  return runProbe(p!, timeoutMs, (s) => s);
}

const texts = (r: ProbeResult): string => r.findings.map((f) => `${f.verdict}: ${f.text.en}`).join('\n');

describe('backup probe (manual 5) on real files', () => {
  it('fresh, complete dump and config tarball: ok, newest chosen by time, read to the end', async () => {
    const dir = folder();
    put(dir, 'mall_20261130.sql.gz', gzipSync(dump(2000)), 27);
    put(dir, 'mall_20261201.sql.gz', gzipSync(dump(2100)), 3);
    configTarball(dir, 'config_backup_20261201.tar.gz', 2);
    put(dir, 'unrelated.txt', 'x', 1);
    const r = await probe({ dir, patterns: ['mall_*.sql.gz', 'config_backup_*.tar.gz'] });
    expect(r.verdict, texts(r)).toBe('ok');
    expect(r.target).toBe('backup mall');
    expect(r.summary.en).toBe(`2 backup(s) fresh and readable in ${dir}`);
    expect(texts(r)).toMatch(/ok: mall_20261201\.sql\.gz is 3 h( 0 min)? old/);
    expect(texts(r)).toContain('ok: mall_20261201.sql.gz is readable: ends with "-- Dump completed"');
    expect(texts(r)).toMatch(/ok: config_backup_20261201\.tar\.gz is readable: tar archive of \d+ entries read to its end/);
    expect(r.detail).toContain('mall_20261130.sql.gz');
  });

  it('stale backups: warn after 26 h, crit after 50 h (configurable)', async () => {
    const dir = folder();
    put(dir, 'mall_1.sql.gz', gzipSync(dump(10)), 30);
    const warn = await probe({ dir, patterns: ['mall_*.sql.gz'] });
    expect(warn.verdict).toBe('warn');
    expect(warn.summary.en).toMatch(/^mall_1\.sql\.gz is 1 day 6 h old: the last daily backup is missing \(warn above 26 h\)$/);
    const crit = await probe({ dir, patterns: ['mall_*.sql.gz'], warnHours: 12, critHours: 24 });
    expect(crit.verdict).toBe('crit');
    expect(crit.summary.en).toContain('no new backup for more than 24 h');
    expect(crit.summary['zh-CN']).toContain('超过 24 小时没有新备份');
  });

  it('ages are read on the probe clock', async () => {
    const dir = folder();
    put(dir, 'mall_1.sql.gz', gzipSync(dump(10)), 1);
    const [p] = backupProbes(backupProbeConfigSchema.parse({ locations: [{ name: 'mall', dir, patterns: ['mall_*.sql.gz'] }] }));
    const r = await runProbe(p!, 3000, (s) => s, new FakeClock(now + 60 * HOUR));
    expect(r.verdict).toBe('crit');
  });

  it('a truncated gzip, a truncated tar, an unfinished dump, an empty file: each crit with the reason', async () => {
    const dir = folder();
    const gz = put(dir, 'mall_1.sql.gz', gzipSync(dump(5000)), 1);
    truncateSync(gz, Math.floor(readFileSync(gz).length / 2));
    const tar = configTarball(dir, 'config_backup_1.tar', 1, false);
    truncateSync(tar, 700);
    put(dir, 'ssl_backup_1.sql.gz', gzipSync(dump(50, false)), 1);
    put(dir, 'empty_1.tar.gz', '', 1);
    const r = await probe({ dir, patterns: ['mall_*.sql.gz', 'config_backup_*.tar', 'ssl_backup_*.sql.gz', 'empty_*.tar.gz'] });
    expect(r.verdict).toBe('crit');
    const t = texts(r);
    expect(t).toContain('crit: mall_1.sql.gz is damaged: the gzip stream ends early (truncated file); it cannot be restored');
    expect(t).toMatch(/crit: config_backup_1\.tar is damaged: the tar archive ends early after \d+ entries \(truncated file\)/);
    expect(t).toContain('crit: ssl_backup_1.sql.gz is damaged: the dump does not end with "-- Dump completed"');
    expect(t).toContain('crit: empty_1.tar.gz is empty (0 bytes): the backup failed');
    expect(r.detail).toContain('DAMAGED');
  });

  it('a backup 80 % smaller than the one before is suspect; a missing pattern and a missing folder are crit', async () => {
    const dir = folder();
    put(dir, 'mall_1.sql.gz', gzipSync(dump(20000)), 25);
    put(dir, 'mall_2.sql.gz', gzipSync(dump(100)), 1);
    const r = await probe({ dir, patterns: ['mall_*.sql.gz', 'config_backup_*.tar.gz'] });
    expect(texts(r)).toMatch(/warn: mall_2\.sql\.gz is suspect: .*, \d+ % smaller than the previous mall_1\.sql\.gz/);
    expect(texts(r)).toContain(`crit: no file matches config_backup_*.tar.gz in ${dir}: the backup job has not run`);
    const gone = await probe({ dir: join(dir, 'nope'), patterns: ['*.gz'] });
    expect(gone.verdict).toBe('crit');
    expect(gone.summary.en).toBe(`backup folder ${join(dir, 'nope')} does not exist (is the backup disk mounted?)`);
  });

  it('stops reading when its time is up and says how far it got', async () => {
    const dir = folder();
    const path = put(dir, 'mall_1.sql.gz', gzipSync(dump(5000)), 1);
    const stopped = new AbortController();
    stopped.abort();
    expect(await checkIntegrity(path, readFileSync(path).length, stopped.signal)).toEqual({ status: 'unfinished', bytesRead: 0 });
  });

  it('says how to configure locations when there are none; bad configs are refused', async () => {
    const [p] = backupProbes(backupProbeConfigSchema.parse({}));
    const r = await runProbe(p!, 1000, (s) => s);
    expect(r).toMatchObject({ target: 'backup', verdict: 'warn' });
    for (const l of [{ name: 'a', dir: 'rel', patterns: ['*'] }, { name: 'a', dir: '/x', patterns: ['a/*.gz'] }, { name: 'a', dir: '/x', patterns: [] }, { name: 'a', dir: '/x', patterns: ['*'], warnHours: 50, critHours: 26 }]) {
      expect(backupProbeConfigSchema.safeParse({ locations: [l] }).success, JSON.stringify(l)).toBe(false);
    }
  });
});
