import type { Localized } from './i18n/index.js';
import type { Role } from './roles.js';

/** `read` commands never change anything; `write` commands change zhiban's or production state. */
export type Risk = 'read' | 'write';

/** A positional argument. `rest` takes the remaining text as written; `incident` takes a token only if it looks like an incident id. */
export interface ParamSpec {
  name: string;
  description: Localized;
  optional?: boolean;
  rest?: boolean;
  incident?: boolean;
}

/** A `--name value` option (or `--name` alone when `boolean`). */
export interface FlagSpec {
  name: string;
  description: Localized;
  boolean?: boolean;
}

/** What help and platform manifests know of a command: its declaration without schema or handler. */
export interface CommandDoc {
  name: string;
  summary: Localized;
  usage: string;
  examples: string[];
  params: ParamSpec[];
  flags?: FlagSpec[];
  risk: Risk;
  roles: Role[];
}

/** A top-level command that only groups sub-commands (`/incident declare`, `/incident list` …). */
export interface CommandGroup {
  name: string;
  summary: Localized;
}

/**
 * The read-only view of the registered commands that `/help` and the chat adapters need (the
 * dispatcher alone holds the registry itself). Lists are sorted by name.
 */
export interface CommandCatalogue {
  /** Every command. */
  all(): CommandDoc[];
  /** The top-level slash command names. */
  slashCommands(): string[];
  /** A group by name. */
  group(name: string): CommandGroup | undefined;
  /** The commands of a group. */
  groupCommands(name: string): CommandDoc[];
  /** A command by exact name. */
  get(name: string): CommandDoc | undefined;
}
