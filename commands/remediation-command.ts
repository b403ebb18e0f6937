import type { SuggestedRemediation } from '../src/core/checks/symptoms.js';

/** A value as one command-line word: quoted when it has spaces; undefined when it cannot be typed safely. */
function word(v: string | number | boolean): string | undefined {
  const s = String(v);
  if (/["“”「」'\n\r]/.test(s) || s.length === 0) return undefined;
  return /\s/.test(s) ? `"${s}"` : s;
}

/** Builds the command text of each action kind from its exact parameters (all words, or undefined). */
const BUILDERS: Record<string, (p: SuggestedRemediation['params']) => Array<string | undefined>> = {
  restart: (p) => ['/restart', word(p.service ?? ''), ...(p.container !== undefined ? [word(p.container)] : [])],
  'cache-purge': (p) => ['/cache purge', word(p.pattern ?? '')],
  'kill-query': (p) => ['/kill-query', word(p.id ?? ''), ...(p.queryOnly === true ? ['--query-only'] : [])],
  'restart-all': () => ['/restart all'],
  'docker-cleanup': () => ['/cleanup docker'],
};

/**
 * The chat command that files the request for a suggested remediation (`/restart backend`,
 * `/cache purge "stock:lock:*"`, `/action fix-order order_no=…`), or undefined when the action has
 * no command or a parameter cannot be typed safely. Clicking it only files the request: the action
 * still runs after another approver approves.
 */
export function remediationCommand(r: SuggestedRemediation): string | undefined {
  const custom = /^custom:(.+)$/.exec(r.action)?.[1];
  const words = custom
    ? ['/action', word(custom), ...Object.entries(r.params).map(([k, v]) => (word(v) === undefined ? undefined : `${k}=${word(v)}`))]
    : BUILDERS[r.action]?.(r.params);
  if (!words || words.some((w) => w === undefined)) return undefined;
  return words.join(' ');
}
