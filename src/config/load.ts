import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { interpolate } from './interpolate.js';
import { configSchema, crossCheck, type Config } from './schema.js';
import { EMBEDDED_DEFAULTS } from './defaults.js';
import { runbookProblems } from '../runbook/load.js';

/** One problem in the config file, with the dotted path and (when known) the line. */
export interface ConfigProblem {
  path: string;
  line?: number;
  message: string;
}

/** Raised when the config cannot be used; lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} / 配置有 ${problems.length} 处问题:\n` +
        problems.map((p) => `  - ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** A loaded config, where it came from, and the secret values it holds (for redaction). */
export interface LoadedConfig {
  config: Config;
  source: string;
  secrets: string[];
}

/** Where to look: an explicit path (must exist), else $ZHIBAN_CONFIG, else ./zhiban.yml, else the embedded defaults. */
export function findConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (explicit) return resolve(cwd, explicit);
  if (env.ZHIBAN_CONFIG) return resolve(cwd, env.ZHIBAN_CONFIG);
  const local = resolve(cwd, 'zhiban.yml');
  return existsSync(local) ? local : undefined;
}

/** Loads and validates the config (parsed once at start-up). Throws ConfigError listing every problem. */
export function loadConfig(opts: { path?: string | undefined; env: NodeJS.ProcessEnv; cwd: string }): LoadedConfig {
  const file = findConfigFile(opts.path, opts.env, opts.cwd);
  if (!file) return { ...parseConfigText(EMBEDDED_DEFAULTS, '(embedded defaults)', opts.env), source: '(embedded defaults)' };
  if (!existsSync(file)) throw new ConfigError(file, [{ path: '(file)', message: 'file not found; copy zhiban.example.yml to start' }]);
  return { ...parseConfigText(readFileSync(file, 'utf8'), file, opts.env), source: file };
}

/** Parses YAML text into a validated config; `name` is used in messages. */
export function parseConfigText(text: string, name: string, env: NodeJS.ProcessEnv): { config: Config; secrets: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      name,
      doc.errors.map((e) => ({ path: '(yaml)', line: lines.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! })),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const lineOf = (path: Array<string | number | symbol>): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problems: ConfigProblem[] = [];
  const { value, secrets, issues } = interpolate(raw, env);
  for (const i of issues) problems.push({ path: dotted(i.path), line: lineOf(i.path), message: i.message });
  for (const i of crossCheck(value)) problems.push({ path: dotted(i.path), line: lineOf(i.path), message: i.message });
  for (const i of runbookProblems(value)) problems.push({ path: dotted(i.path), line: lineOf(i.path), message: i.message });
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const path of keys) {
        const message = issue.code === 'unrecognized_keys' ? 'unknown key (check the spelling against zhiban.example.yml)' : issue.message;
        problems.push({ path: dotted(path), line: lineOf(path), message });
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(name, problems);
  return { config: parsed.data, secrets };
}

function dotted(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
