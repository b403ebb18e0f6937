import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewRig, scriptIncident, SEEDED_SECRETS } from '../support/review-script.js';

describe('review draft on resolve', () => {
  it('writes the Markdown and JSON to <dataDir>/reviews and says where; a re-resolve writes revision 2 and keeps the first', async () => {
    const rig = await reviewRig();
    const id = await scriptIncident(rig);
    const first = await rig.run('alice', `/incident resolve ${id} 证书过期，已更新`);
    expect(first.ok).toBe(true);
    const md = join(rig.dataDir, 'reviews', `${id}.md`);
    expect(first.text).toContain(`Review draft: ${md} (JSON: ${join(rig.dataDir, 'reviews', `${id}.json`)})`);
    const draft = readFileSync(md, 'utf8');
    expect(draft).toContain(`# Post-incident review: ${id}`);
    expect(draft).toContain('证书过期，已更新');
    await rig.run('bob', `/incident reopen ${id} 回调又失败了`);
    rig.clock.advance(60_000);
    const second = await rig.run('alice', `/incident resolve ${id} 证书链也更新了`);
    expect(second.text).toContain(`revision 2 (earlier ones are kept): ${join(rig.dataDir, 'reviews', `${id}.r2.md`)}`);
    expect(readFileSync(md, 'utf8')).toBe(draft);
    expect(readFileSync(join(rig.dataDir, 'reviews', `${id}.r2.md`), 'utf8')).toContain('证书链也更新了');
    expect(readdirSync(join(rig.dataDir, 'reviews')).sort()).toEqual([`${id}.json`, `${id}.md`, `${id}.r2.json`, `${id}.r2.md`]);
  });

  it('in zh-CN the resolve reply and the draft are Chinese', async () => {
    const rig = await reviewRig({ yaml: `locale: zh-CN\ntimezone: Asia/Shanghai\nusers:\n  - { id: alice, roles: [responder, approver] }\n` });
    await rig.run('alice', '/incident declare P3 图片加载慢');
    const r = await rig.run('alice', '/incident resolve CDN 回源恢复');
    expect(r.text).toContain('复盘草稿：');
    const [file] = readdirSync(join(rig.dataDir, 'reviews')).filter((f) => f.endsWith('.md'));
    expect(readFileSync(join(rig.dataDir, 'reviews', file!), 'utf8')).toContain('# 故障复盘：');
  });

  it('a review that cannot be written leaves the incident resolved and says why', async () => {
    const rig = await reviewRig();
    await rig.run('alice', '/incident declare P3 slow images');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(rig.dataDir, 'reviews'), 'a file where the folder should be');
    const r = await rig.run('alice', '/incident resolve CDN back');
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/The review draft could not be written \(.*\); the incident is resolved all the same/);
    expect((await rig.app.services.incidents.resolveId('INC-20261101-001')).status).toBe('resolved');
  });
});

describe('/incident export, pin and stats', () => {
  it('export writes the file, shows it, and honours --tz', async () => {
    const rig = await reviewRig();
    const id = await scriptIncident(rig);
    const r = await rig.run('carol', `/incident export ${id} MD --tz America/New_York`);
    expect(r.ok).toBe(true);
    expect(r.text).toContain(`Exported ${id} (11 events) as md: ${join(rig.dataDir, 'exports', `${id}.md`)}`);
    expect(r.text).toContain('2026-11-01 01:30:00 UTC-04:00');
    expect(existsSync(join(rig.dataDir, 'exports', `${id}.md`))).toBe(true);
    const json = await rig.run('carol', `/incident export ${id} json`);
    expect(json.text).toContain('"schemaVersion": 1');
    for (const s of SEEDED_SECRETS) expect(json.text).not.toContain(s);
  });

  it('an unknown incident names the nearest ids; an unknown zone or format says what is expected', async () => {
    const rig = await reviewRig();
    await scriptIncident(rig);
    const unknown = await rig.run('carol', '/incident export INC-20261011-001 md');
    expect(unknown.ok).toBe(false);
    expect(unknown.text).toContain('No incident INC-20261011-001. Nearest ids: INC-20261101-001.');
    const zone = await rig.run('carol', '/incident export INC-20261101-001 md --tz Shanghai');
    expect(zone.text).toContain('Unknown time zone "Shanghai". Give an IANA name in the form Region/City, e.g. Asia/Shanghai');
    expect(zone.text).toContain('Usage: /incident export');
    const format = await rig.run('carol', '/incident export INC-20261101-001 pdf');
    expect(format.text).toContain('Invalid format "pdf"');
  });

  it('pin adds the text to the timeline once per command, shown with its author; viewers cannot pin', async () => {
    const rig = await reviewRig();
    const id = await scriptIncident(rig);
    expect((await rig.run('carol', `/incident pin ${id} hello`)).ok).toBe(false);
    const r = await rig.run('alice', `/incident pin 「支付宝也有 3 单」`);
    expect(r.text).toContain(`Pinned to the timeline of ${id}.`);
    const timeline = (await rig.run('carol', `/incident timeline ${id}`)).text;
    expect(timeline).toContain('pinned a message by alice: 支付宝也有 3 单');
  });

  it('stats: counts, MTTA/MTTR per severity, breaches, weeks and top symptoms', async () => {
    const rig = await reviewRig();
    const id = await scriptIncident(rig);
    await rig.run('alice', `/incident resolve ${id} fixed`);
    rig.clock.advance(3_600_000);
    await rig.run('alice', '/incident declare P0 全站无法访问');
    rig.clock.advance(10 * 60_000);
    await rig.run('bob', '/incident resolve INC-20261101-002 回滚');
    const r = await rig.run('carol', '/incident stats --since 4w');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Incidents declared in the last 28 days: 2 · response time breached: 1');
    expect(r.text).toMatch(/P0\s+1\s+10 min\s+10 min\s+1/);
    expect(r.text).toMatch(/P1\s+1\s+2 min\s+45 min\s+0/);
    expect(r.text).toMatch(/2026-W44\s+2/);
    expect(r.text).toContain('payment-callback (manual 2.5) ×1');
    expect((await rig.run('carol', '/incident stats --since 2y')).text).toContain('Invalid since "2y"');
  });
});
