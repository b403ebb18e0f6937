import type { ActionHandler, ActionsPort, Outcome, Preview } from '../../src/core/approvals/port.js';

/** One recorded call of the test action. */
export interface Call {
  params: Record<string, unknown>;
  snapshot: Record<string, unknown>;
}

/**
 * An in-process action for workflow tests: `target` is what the action would act on (a version
 * number stands in for a container id); execute refuses when it changed since prepare, and
 * every execution is recorded, so a test can see how often an action really ran.
 */
export class RecordingActions implements ActionsPort {
  readonly calls: Call[] = [];
  target = 1;
  risk: 'normal' | 'high' = 'normal';
  fail = false;
  /** Resolves executions only when released (to hold two approvals in flight at once). */
  gate: Promise<void> = Promise.resolve();

  private readonly handler: ActionHandler = {
    kind: 'poke',
    prepare: async (params): Promise<Preview> => ({
      summary: { en: `poke ${String(params.what)} (target v${this.target})`, 'zh-CN': `戳 ${String(params.what)}（目标 v${this.target}）` },
      detail: `target version ${this.target}`,
      snapshot: { target: this.target },
      risk: this.risk,
    }),
    execute: async (params, snapshot): Promise<Outcome> => {
      await this.gate;
      if (snapshot.target !== this.target) return { status: 'refused', result: { en: 'target changed since the request', 'zh-CN': '目标在申请后已变化' } };
      if (this.fail) throw new Error('engine exploded');
      this.calls.push({ params, snapshot });
      return { status: 'done', result: { en: `poked ${String(params.what)}`, 'zh-CN': `已戳 ${String(params.what)}` } };
    },
    verify: async () => [
      { probe: 'test', target: 'test target', verdict: 'ok', summary: { en: 'all good', 'zh-CN': '一切正常' }, findings: [], durationMs: 1 },
    ],
  };

  get(kind: string): ActionHandler | undefined {
    return kind === 'poke' ? this.handler : undefined;
  }

  kinds(): string[] {
    return ['poke'];
  }

  customActions(): [] {
    return [];
  }
}
