import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/core/i18n/index.js';
import { reduce } from '../../src/core/incidents/model.js';
import type { ExportFormat } from '../../src/review/service.js';
import { rebuildIncident } from '../../src/review/schema.js';
import { reviewRig, scriptIncident, SEEDED_SECRETS, type ReviewRig } from '../support/review-script.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden', 'review');

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing). */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

async function exported(rig: ReviewRig, id: string, format: ExportFormat, locale: Locale, timeZone: string): Promise<string> {
  const chunks: string[] = [];
  await rig.app.services.reviews.export(id, format, { locale, timeZone }, (c) => {
    chunks.push(c);
  });
  return chunks.join('');
}

async function resolvedIncident(): Promise<{ rig: ReviewRig; id: string }> {
  const rig = await reviewRig();
  const id = await scriptIncident(rig);
  const r = await rig.run('alice', `/incident resolve ${id} 证书过期，已更新`);
  expect(r.ok).toBe(true);
  return { rig, id };
}

describe('the review of a scripted incident (golden files)', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const zone of ['Asia/Shanghai', 'America/New_York']) {
      it(`Markdown in ${locale}, ${zone}`, async () => {
        const { rig, id } = await resolvedIncident();
        golden(`${locale}.${zone.replace('/', '-')}.md`, await exported(rig, id, 'md', locale, zone));
      });
    }
  }

  it('JSON export', async () => {
    const { rig, id } = await resolvedIncident();
    golden('export.json', await exported(rig, id, 'json', 'en', 'Asia/Shanghai'));
  });

  it('New York times across the DST change carry their own offsets; Shanghai times one offset in the header', async () => {
    const { rig, id } = await resolvedIncident();
    const ny = await exported(rig, id, 'md', 'en', 'America/New_York');
    expect(ny).toContain('UTC-04:00 → UTC-05:00');
    expect(ny).toMatch(/\| 2026-11-01 01:30:00 UTC-04:00 \| alice \|/);
    expect(ny).toMatch(/\| 2026-11-01 01:15:00 UTC-05:00 \| alice \| resolved/);
    const sh = await exported(rig, id, 'md', 'en', 'Asia/Shanghai');
    expect(sh).toContain('Times are Asia/Shanghai (UTC+08:00)');
    expect(sh).toMatch(/\| 2026-11-01 13:30:00 \| alice \|/);
  });

  it('the JSON export rebuilds the incident: every event, in order, with the same state', async () => {
    const { rig, id } = await resolvedIncident();
    const rebuilt = rebuildIncident(await exported(rig, id, 'json', 'en', 'UTC'));
    const stored = (await rig.app.store.readEvents(id))!;
    expect(rebuilt.events).toEqual(stored);
    expect(rebuilt.incident).toEqual(reduce(stored));
    expect(rebuilt.incident.status).toBe('resolved');
    expect(rebuilt.summary).toMatchObject({ responseMet: true, counts: { pins: 1 } });
  });

  it('no seeded secret (config, DSN, log line, note, a raw event) appears in any export', async () => {
    const { rig, id } = await resolvedIncident();
    // An event that reached the store unredacted (written before the secret was configured).
    await rig.app.store.append(id, { type: 'incident.note', at: rig.clock.now(), actor: 'bob', data: { text: `raw ${SEEDED_SECRETS[0]}; api_key=${SEEDED_SECRETS[2]}` } });
    for (const format of ['md', 'json'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const text = await exported(rig, id, format, locale, 'Asia/Shanghai');
        for (const secret of SEEDED_SECRETS) expect(text).not.toContain(secret);
        expect(text).toContain('[REDACTED]');
      }
    }
  });
});
