import { randomBytes } from 'node:crypto';
import { bindArgs } from './bind-args.js';
import type { Clock } from './clock.js';
import type { CommandContext, CommandSpec } from './command.js';
import { isUserError, UserError } from './errors.js';
import { translator, type Locale, type Translator } from './i18n/index.js';
import type { Invocation, Platform } from './invocation.js';
import type { Logger } from './logger.js';
import type { CommandObserver, CommandOutcome } from './observer.js';
import type { Redactor } from './redact.js';
import type { CommandRegistry } from './registry.js';
import { failure, type Block, type Reply } from './reply.js';
import { allows } from './roles.js';
import type { Services } from './services.js';
import { checkCommandLength, tokenize } from './tokenize.js';
import type { ZhibanUser } from './users.js';
import { StoreCorruptionError, StoreUnavailableError } from '../store/port.js';

/** File-system errors that mean zhiban's own data folder cannot be written (a full disk is manual 2.7). */
const WRITE_FAILURES = ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO'];

/** What the dispatcher needs; built once at start-up. */
export interface DispatcherDeps {
  services: Services;
  /** The registered commands; only the dispatcher matches a line against them. */
  registry: CommandRegistry;
  clock: Clock;
  logger: Logger;
  /** Every reply passes through it: secrets never reach a chat. */
  redactor: Redactor;
  /** Locale of replies on each platform. */
  localeFor(platform: Platform): Locale;
  /** Told about every finished command (metrics); optional. */
  observer?: CommandObserver;
}

/** What `run` learned about the command, for the observer. */
interface Seen {
  name?: string;
  outcome: CommandOutcome;
}

/**
 * The single entry point of core: one invocation in, one reply out. It never throws: user
 * errors become a one-line reason plus usage; anything else is logged with a reference id
 * and the user sees only that id. Permissions are checked here, before any handler runs.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Runs the command in `inv` as the person behind it and returns what to show them. */
  async dispatch(inv: Invocation): Promise<Reply> {
    const started = this.deps.clock.now();
    const seen: Seen = { outcome: 'error' };
    const reply = await this.run(inv, seen);
    this.deps.observer?.command(seen.name ?? 'unknown', reply.ok ? 'ok' : seen.outcome, this.deps.clock.now() - started);
    return this.deps.redactor.redactDeep(reply);
  }

  private async run(inv: Invocation, seen: Seen): Promise<Reply> {
    const locale = this.deps.localeFor(inv.platform);
    const t = translator(locale);
    const user = this.deps.services.directory.resolve(inv.platform, inv.actor.platformId, inv.actor.displayName);
    const log = this.deps.logger.child({ platform: inv.platform, user: user.id, channel: inv.channel });
    let spec: CommandSpec | undefined;
    try {
      checkCommandLength(inv.text);
      const text = inv.text.trim().replace(/^\//, '');
      const tokens = tokenize(text);
      const match = this.deps.registry.match(tokens);
      spec = match.spec;
      seen.name = spec.name;
      this.authorize(spec, user);
      const args = bindArgs(spec, text, tokens, match.consumed, locale);
      const ctx: CommandContext = { invocation: inv, user, locale, t, clock: this.deps.clock, services: this.deps.services, logger: log };
      log.info('command', { command: spec.name, risk: spec.risk });
      seen.outcome = 'failed';
      return await spec.run(ctx, args);
    } catch (err) {
      if (isUserError(err)) {
        seen.outcome = 'refused';
        log.info('refused', { command: spec?.name, reason: err.key });
        return failure(userErrorBlocks(t, locale, err, spec));
      }
      seen.outcome = 'error';
      if (err instanceof StoreCorruptionError) {
        log.error('store corruption', { command: spec?.name, location: err.location, detail: err.detail });
        return failure([{ type: 'text', text: t('error.store', { detail: `${err.where}: ${err.detail}` }) }]);
      }
      const ref = randomBytes(4).toString('hex');
      if (err instanceof StoreUnavailableError) {
        log.error('store unavailable', { ref, command: spec?.name, store: err.location, reason: err.reason, unconfirmed: err.unconfirmed });
        return failure([{ type: 'text', text: t(err.unconfirmed ? 'error.storeUnconfirmed' : 'error.storeUnavailable', { store: err.location, reason: err.reason, ref }) }]);
      }
      const e = err as Error & { code?: unknown };
      log.error('internal error', { ref, command: spec?.name, error: e?.message, code: e?.code, stack: e?.stack });
      const code = typeof e?.code === 'string' ? e.code : '';
      if (WRITE_FAILURES.includes(code)) return failure([{ type: 'text', text: t('error.storeWrite', { code, ref }) }]);
      return failure([{ type: 'text', text: t('error.internal', { ref }) }]);
    }
  }

  private authorize(spec: CommandSpec, user: ZhibanUser): void {
    if (allows(user.roles, spec.roles)) return;
    throw user.known
      ? new UserError('perm.missingRole', { command: `/${spec.name}`, roles: spec.roles.join(' / '), user: user.id, held: user.roles.join(', ') || '—' })
      : new UserError(user.roles.length > 0 ? 'perm.unknownUser' : 'perm.unknownUserNone', { user: user.name });
  }
}

/** The blocks of a refusal: the reason, the usage when it helps, and a pointer to help. */
export function userErrorBlocks(t: Translator, locale: Locale, err: UserError, spec: CommandSpec | undefined): Block[] {
  const blocks: Block[] = [{ type: 'text', text: err.options.text ? err.options.text[locale] : t(err.key, err.params) }];
  if (err.options.hint) blocks.push({ type: 'text', text: t(err.options.hint.key, err.options.hint.params) });
  if (err.options.showUsage && spec) {
    blocks.push({ type: 'context', text: `${t('reply.usage', { usage: spec.usage })} · ${t('reply.helpHint', { command: spec.name })}` });
  }
  return blocks;
}
