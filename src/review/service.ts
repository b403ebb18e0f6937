import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { UserError } from '../core/errors.js';
import { translator, type Locale } from '../core/i18n/index.js';
import type { ViewContext } from '../core/incidents/view.js';
import { distance } from '../core/suggest.js';
import type { IncidentService } from '../core/incidents/service.js';
import { isStoreName } from '../store/guards.js';
import type { Store } from '../store/port.js';
import { discard, publishNew, publishReplace, writeTemp } from './files.js';
import { writeJson } from './json.js';
import { writeMarkdown } from './markdown.js';
import { pinMessage, type Pin } from './pin.js';
import type { ReviewContext, Sink } from './md.js';
import type { EventSource } from './source.js';
import { foldStats, idsSince, type IncidentStats } from './stats.js';
import { SummaryFolder, type ReviewSummary, type SymptomLookup } from './summary.js';
import { isZone } from './zone.js';

/** Export formats: the Markdown review or the lossless JSON timeline. */
export type ExportFormat = 'md' | 'json';

/** How a review is rendered: language and time zone. */
export interface ReviewView {
  locale: Locale;
  timeZone: string;
}

/** What the review service needs; the redactor is applied to everything it writes. */
export interface ReviewDeps {
  store: Store;
  incidents: IncidentService;
  events: EventSource;
  clock: Clock;
  redactor: { redact(text: string): string; redactDeep<T>(value: T): T };
  /** The data folder: reviews go to `<dataDir>/reviews/`, on-demand exports to `<dataDir>/exports/`; none: no files are written. */
  dataDir?: string;
  manualUrl?: string;
  /** Write a review when an incident is resolved (config `review.autoExport`). */
  autoExport?: boolean;
  logger?: Logger;
  /** The runbook symptom a `/diagnose` word names (for the manual sections to update); none by default. */
  symptoms?: SymptomLookup;
}

/** A file the service wrote. */
export interface WrittenFile {
  path: string;
  bytes: number;
}

/** A review written on resolve, and the incident's conversation it belongs to. */
export interface WrittenReview {
  markdown: WrittenFile;
  json: WrittenFile;
  revision: number;
  incident: { id: string; platform: string; channel: string };
  view: ReviewView;
}

/** What a chat platform did with a review: posted it, or refused (`error` says why, for the reply). */
export type PublishOutcome = { posted: true } | { posted: false; error: string };

/**
 * Posts a written review to the incident's conversation on one chat platform; resolves to undefined
 * when the incident is not on that platform. Must not throw: a refusal is an outcome.
 */
export type ReviewPublisher = (review: WrittenReview) => Promise<PublishOutcome | undefined>;

/**
 * The post-incident review (复盘): summarises a timeline in one streamed pass, writes the Markdown
 * review and the JSON export in a second streamed pass, and keeps every review written on resolve
 * (a re-resolve after a reopen writes revision 2, 3 …, never overwriting an earlier one).
 */
export class ReviewService {
  private readonly publishers: ReviewPublisher[] = [];

  constructor(private readonly deps: ReviewDeps) {}

  /** Registers a chat platform that posts reviews written on resolve to the incident's channel. */
  addPublisher(publisher: ReviewPublisher): void {
    this.publishers.push(publisher);
  }

  /** The summary of an incident; a user error naming the nearest ids when it does not exist. */
  async summarize(id: string): Promise<ReviewSummary> {
    await this.requireIncident(id);
    const folder = new SummaryFolder(this.deps.symptoms);
    for await (const e of this.deps.events(id)) folder.add(e);
    return folder.result();
  }

  /** Streams the export of `id` in `format` to `sink`; returns the summary it was built from. */
  async export(id: string, format: ExportFormat, view: ReviewView, sink: Sink): Promise<ReviewSummary> {
    if (!isZone(view.timeZone)) throw new UserError('review.badZone', { zone: view.timeZone }, { showUsage: true });
    const summary = await this.summarize(id);
    const events = this.deps.events(id);
    if (format === 'json') await writeJson(summary, events, { exportedAt: this.deps.clock.now(), redactDeep: (v) => this.deps.redactor.redactDeep(v) }, sink);
    else await writeMarkdown(summary, events, this.context(view), sink);
    return summary;
  }

  /** Stats of the incidents declared in the last `days` days (each timeline read as a stream). */
  async stats(days: number, timeZone: string): Promise<IncidentStats> {
    const since = this.deps.clock.now() - days * 86_400_000;
    const summaries: ReviewSummary[] = [];
    for (const id of idsSince(await this.deps.store.listIncidents(), since)) summaries.push(await this.summarize(id));
    return foldStats(summaries, since, timeZone);
  }

  /** Pins a message to the timeline; false when that chat message was pinned before (see pinMessage). */
  async pin(pin: Pin): Promise<boolean> {
    return pinMessage(this.deps, pin);
  }

  /** True when the service writes files (it has a data folder). */
  get writesFiles(): boolean {
    return this.deps.dataDir !== undefined;
  }

  /** The export as text, cut after `maxChars` (`truncated` says so); for replies, not for files. */
  async exportText(id: string, format: ExportFormat, view: ReviewView, maxChars: number): Promise<{ text: string; truncated: boolean }> {
    let text = '';
    let truncated = false;
    await this.export(id, format, view, (chunk) => {
      if (text.length + chunk.length <= maxChars) text += chunk;
      else truncated = true;
    });
    return { text, truncated };
  }

  /** Writes an on-demand export to `<dataDir>/exports/<id>.<format>` (a derived file: replaced by the next export). */
  async writeExport(id: string, format: ExportFormat, view: ReviewView): Promise<WrittenFile & { summary: ReviewSummary }> {
    const path = join(this.folder(), 'exports', `${id}.${format}`);
    let summary: ReviewSummary | undefined;
    const { temp, bytes } = await writeTemp(path, async (sink) => {
      summary = await this.export(id, format, view, sink);
    });
    await publishReplace(temp, path);
    return { path, bytes, summary: summary! };
  }

  /**
   * Writes the review draft (Markdown) and the JSON export of a resolved incident to
   * `<dataDir>/reviews/`: `<id>.md` and `<id>.json` the first time, `<id>.r2.md` … after a reopen.
   * An existing review is never overwritten, even by two processes at once.
   */
  async writeReview(id: string, view: ReviewView): Promise<{ markdown: WrittenFile; json: WrittenFile; revision: number }> {
    const dir = join(this.folder(), 'reviews');
    const md = await writeTemp(join(dir, `${id}.md`), (sink) => this.export(id, 'md', view, sink).then(() => undefined));
    const json = await writeTemp(join(dir, `${id}.json`), (sink) => this.export(id, 'json', view, sink).then(() => undefined)).catch(async (e: unknown) => {
      await discard(md.temp);
      throw e;
    });
    try {
      for (let revision = 1; ; revision++) {
        const base = join(dir, revision === 1 ? id : `${id}.r${revision}`);
        if (!(await publishNew(md.temp, `${base}.md`))) continue;
        if (await publishNew(json.temp, `${base}.json`)) {
          return { markdown: { path: `${base}.md`, bytes: md.bytes }, json: { path: `${base}.json`, bytes: json.bytes }, revision };
        }
        await discard(`${base}.md`);
      }
    } finally {
      await discard(md.temp);
      await discard(json.temp);
    }
  }

  /**
   * The review draft written when `id` was just resolved: its files, or the reason it could not be
   * written (the resolution stands either way); undefined when reviews are not written on resolve.
   */
  async draftOnResolve(id: string, view: ReviewView): Promise<(WrittenReview & { published?: PublishOutcome }) | { error: string } | undefined> {
    if (!this.deps.autoExport || !this.writesFiles) return undefined;
    let review: WrittenReview;
    try {
      const inc = await this.deps.incidents.get(id);
      review = { ...(await this.writeReview(id, view)), incident: { id, platform: inc.platform, channel: inc.channel }, view };
    } catch (e) {
      const error = this.deps.redactor.redact(e instanceof Error ? e.message : String(e));
      this.deps.logger?.error('review draft not written', { incident: id, error });
      return { error };
    }
    for (const publish of this.publishers) {
      const published = await publish(review);
      if (published) return { ...review, published };
    }
    return review;
  }

  private folder(): string {
    if (this.deps.dataDir === undefined) throw new Error('this zhiban has no data folder to write reviews to');
    return this.deps.dataDir;
  }

  private context(view: ReviewView): ReviewContext {
    const v: ViewContext = { t: translator(view.locale), locale: view.locale, timeZone: view.timeZone, now: this.deps.clock.now() };
    return { v, redact: (text) => this.deps.redactor.redact(text), ...(this.deps.manualUrl ? { manualUrl: this.deps.manualUrl } : {}) };
  }

  /**
   * Throws `review.notFound` unless incident `id` exists: one summary read for a known id; only
   * an unknown one lists the ids (names only, no timeline) to suggest the nearest.
   */
  private async requireIncident(id: string): Promise<void> {
    if (isStoreName(id) && (await this.deps.store.readSummary(id)) !== undefined) return;
    const ids = await this.deps.store.listIncidents();
    const nearest = ids
      .map((x) => ({ x, d: distance(id.toUpperCase(), x) }))
      .sort((a, b) => a.d - b.d || b.x.localeCompare(a.x))
      .slice(0, 3)
      .map((c) => c.x);
    throw new UserError('review.notFound', { id, nearest: nearest.length ? nearest.join(', ') : '—' });
  }
}
