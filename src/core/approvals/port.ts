import type { Localized } from '../i18n/index.js';
import type { ProbeResult } from '../checks/model.js';

/** What a prepared action will do, shown to requester and approvers before anything runs. */
export interface Preview {
  /** One line: `restart backend: mall_backend_1 (3f2a9c1d0b7e), mall_backend_2 (…)`. */
  summary: Localized;
  /** Evidence: container ids and states, the query text and running time, the key count and a sample. */
  detail?: string;
  /**
   * The state of the target at request time (container ids, thread id + user + statement hash,
   * key count …). Execution compares it with the target right before acting and refuses when
   * anything that matters changed. Must be JSON.
   */
  snapshot: Record<string, unknown>;
  /** `high` actions may need two approvals (see approvals policy). */
  risk: 'normal' | 'high';
}

/** How an execution ended. `refused` means the re-check found the target changed: nothing was done. */
export interface Outcome {
  status: 'done' | 'failed' | 'refused';
  /** What happened, for the requester, the approvers and the timeline. */
  result: Localized;
  detail?: string;
}

/**
 * One kind of remediation (restart, kill-query, cache-purge, a custom action). The only code
 * that changes a production system; reachable only through an approved request.
 */
export interface ActionHandler {
  /** `restart`, `kill-query`, `cache-purge`, `custom:<name>`. */
  kind: string;
  /**
   * Validates the parameters and looks at the target read-only. Throws a UserError when the
   * request cannot be made (unknown service, no such thread, pattern too broad, a blast-radius
   * guard such as "the last healthy instance"), saying why and what would be allowed.
   */
  prepare(params: Record<string, unknown>, signal: AbortSignal): Promise<Preview>;
  /**
   * Re-checks the target against `snapshot` and, only if it still matches, acts. Never throws:
   * a failure is an Outcome with status `failed`, a changed target one with status `refused`.
   */
  execute(params: Record<string, unknown>, snapshot: Record<string, unknown>, signal: AbortSignal): Promise<Outcome>;
  /** After a successful execution: the checks that tell whether the service recovered (optional). */
  verify?(params: Record<string, unknown>): Promise<ProbeResult[]>;
  /**
   * The longest `execute` may take for these parameters (e.g. a rolling restart of N containers);
   * default 2 minutes. Execution is abandoned after it, and a request still running well past it
   * is treated as interrupted.
   */
  maxRunMs?(params: Record<string, unknown>): number;
  /**
   * The parameters as the request binds them (`"1234"` → `1234`), after `prepare` accepted them;
   * the approval digest covers these values, not the raw text.
   */
  normalize?(params: Record<string, unknown>): Record<string, unknown>;
}

/** A custom action from config as `/action` shows and takes it. */
export interface CustomActionSpec {
  name: string;
  kind: string;
  title: Localized;
  params: Array<{ name: string; description: Localized }>;
}

/** All action kinds the bot knows (built from config at start-up). */
export interface ActionsPort {
  /**
   * Loads the handlers, which may load lazily (their code is only needed once a request is filed,
   * approved or run); `get` answers only after it resolved. Idempotent.
   */
  load?(): Promise<void>;
  get(kind: string): ActionHandler | undefined;
  kinds(): string[];
  /** The custom actions declared in config, in config order. */
  customActions(): CustomActionSpec[];
}
