import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewHead } from '../../src/adapters/dingtalk/review-post.js';
import { sessionPath, startDtRig, type DtRig } from './dingtalk-rig.js';
import { loopbackOnly } from './slack-rig.js';

let r: DtRig;
let dataDir: string;

beforeAll(async () => {
  loopbackOnly();
  dataDir = mkdtempSync(join(tmpdir(), 'zhiban-dt-review-'));
  r = await startDtRig({ cards: false, dataDir });
});
afterAll(async () => {
  await r.close();
  rmSync(dataDir, { recursive: true, force: true });
  nock.enableNetConnect();
});

describe('DingTalk: the review draft on resolve', () => {
  it('posts the draft\'s summary and key times in the incident\'s group, and says where the whole draft is', async () => {
    const declare = r.say('0457001', '@值班 /incident declare P2 订单导出变慢');
    const declared = await r.fake.waitForCall(sessionPath(declare));
    const id = /INC-\d{8}-\d{3}/.exec((declared.body.markdown as { text: string }).text)![0];
    r.h.clock.advance(20 * 60_000);
    const resolve = r.say('0457001', `@值班 /incident resolve ${id} 加了索引`);
    const review = await r.fake.waitFor('the review post', () =>
      r.fake.callsTo(sessionPath(resolve)).find((c) => (c.body.markdown as { text: string }).text.includes(`reviews/${id}.md`)),
    );
    const md = review.body.markdown as { title: string; text: string };
    expect(md.title).toContain(id);
    expect(md.text).toContain('## 关键时间');
    expect(md.text).toContain('加了索引');
    expect(md.text).not.toContain('## 时间线');
    expect(md.text).toContain(`/incident export ${id} md`);
  });

  it('keeps the summary and key times of a draft and stops at its third section', () => {
    const { title, body } = reviewHead('# Review: INC-1 — x\n\n## Summary\n- a\n\n## Key times\n- b\n\n## Timeline\n| t | e |\n');
    expect(title).toBe('Review: INC-1 — x');
    expect(body).toContain('## Key times\n- b');
    expect(body).not.toContain('Timeline');
  });
});
