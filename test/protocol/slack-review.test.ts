import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack.js';
import { blockText } from './slack-json.js';
import { commandBody, post } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';

const INC = 'INC-20261122-001';
let rigs: Rig[] = [];

beforeAll(loopbackOnly);
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  rigs = [];
});
afterAll(() => nock.enableNetConnect());

async function resolveInSlack(prepare?: (fake: FakeSlack) => void): Promise<{ r: Rig; answer: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiban-slack-review-'));
  const r = await startRig({ dataDir, ...(prepare ? { prepare } : {}) });
  rigs.push(r);
  await post(r.url, commandBody('U0ALICE', '/incident declare P1 支付回调失败', r.fake.responseUrl('declare')));
  await r.fake.waitForResponse('declare');
  await post(r.url, commandBody('U0ALICE', `/incident resolve ${INC} 证书过期，已更新`, r.fake.responseUrl('resolve')));
  const answer = blockText((await r.fake.waitForResponse('resolve')).body);
  await r.adapter.idle();
  return { r, answer, dataDir };
}

describe('Slack: the review draft on resolve', () => {
  it('is written to the data folder and uploaded to the incident channel with files.uploadV2', async () => {
    const { r, answer, dataDir } = await resolveInSlack();
    const path = join(dataDir, 'reviews', `${INC}.md`);
    expect(answer).toContain(`Review draft: ${path}`);
    expect(answer).toContain("The draft is also posted in this incident's channel.");
    const [complete] = r.fake.callsTo('files.completeUploadExternal');
    expect(complete!.params.channel_id).toBe('C0INC');
    expect(complete!.params.files).toEqual([expect.objectContaining({ title: `Review draft ${INC} (revision 1)` })]);
    expect(r.fake.uploads[0]!.body).toContain(readFileSync(path, 'utf8').split('\n')[0]);
  });

  it('a refused upload leaves the review in the data folder and the reply says where and why', async () => {
    const { answer, dataDir } = await resolveInSlack((fake) => fake.script('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } }));
    const path = join(dataDir, 'reviews', `${INC}.md`);
    expect(answer).toContain(`The draft could not be posted in the channel: Slack said missing_scope (the app needs files:write and must be in the channel). It is in the data folder: ${path}`);
    expect(readFileSync(path, 'utf8')).toContain(`# Post-incident review: ${INC}`);
  });
});
