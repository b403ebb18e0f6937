import type { Clock } from '../core/clock.js';
import type { ProbesConfig } from '../diagnostics/config.js';
import type { Redact } from './common.js';
import type { ActionsConfig } from './config.js';
import type { Actions } from './index.js';
import { actionParamSchemas, customActionInfos } from './specs.js';

/**
 * The actions of a config whose handlers load on first need: kinds, parameter schemas and custom
 * actions are answered at once (from specs.ts), while the handlers and the probe code they
 * re-check with (Docker, MySQL, Redis) are imported by `load`, which the approval service awaits
 * before it files, approves or runs a request. A command that never touches a request
 * (`zhiban exec /help`) never loads them. `get` before `load` is a programming error and throws.
 */
export function lazyActions(cfg: { actions: ActionsConfig; probes: ProbesConfig }, redact: Redact, clock: Clock): Actions {
  const schemas = actionParamSchemas(cfg.actions);
  let built: Actions | undefined;
  let loading: Promise<Actions> | undefined;
  return {
    async load() {
      built ??= await (loading ??= import('./index.js').then((m) => m.buildActions(cfg, redact, clock)));
    },
    get(kind) {
      if (!built) throw new Error(`actions.get(${kind}) before actions.load(): the approval service loads the handlers first`);
      return built.get(kind);
    },
    kinds: () => [...schemas.keys()],
    paramsSchema: (kind) => schemas.get(kind),
    customActions: () => customActionInfos(cfg.actions),
  };
}
