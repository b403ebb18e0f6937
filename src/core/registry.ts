import { UserError } from './errors.js';
import { commandDefinitionSchema, type CommandSpec } from './command.js';
import { nearest } from './suggest.js';
import type { Token } from './tokenize.js';

import type { CommandCatalogue, CommandGroup } from './command-doc.js';

export type { CommandGroup } from './command-doc.js';

/** The command found for a line and how many tokens its name took. */
export interface Match {
  spec: CommandSpec;
  consumed: number;
}

/**
 * All chat commands. Definitions are validated when registered, so a bad definition fails at
 * start-up (and in CI), and a name can be registered only once.
 */
export class CommandRegistry implements CommandCatalogue {
  private readonly commands = new Map<string, CommandSpec>();
  private readonly groups = new Map<string, CommandGroup>();

  /** Declares a group; its sub-commands are registered separately as `group sub`. */
  registerGroup(group: CommandGroup): this {
    if (this.groups.has(group.name) || this.commands.has(group.name)) throw new Error(`command "${group.name}" registered twice`);
    this.groups.set(group.name, group);
    return this;
  }

  /** Adds a command; throws on an invalid definition or a duplicate name. */
  register(spec: CommandSpec): this {
    const checked = commandDefinitionSchema.safeParse(spec);
    if (!checked.success) {
      const why = checked.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ');
      throw new Error(`invalid command definition "${spec.name}": ${why}`);
    }
    if (this.commands.has(spec.name)) throw new Error(`command "${spec.name}" registered twice`);
    const [top, sub] = spec.name.split(' ');
    if (sub !== undefined && !this.groups.has(top!)) throw new Error(`command "${spec.name}" has no group "${top}"`);
    if (sub === undefined && this.groups.has(top!)) throw new Error(`command "${spec.name}" clashes with a group`);
    this.commands.set(spec.name, spec);
    return this;
  }

  /** Every registered command, sorted by name. */
  all(): CommandSpec[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The top-level slash command names (what manifest.yml must declare), sorted. */
  slashCommands(): string[] {
    const names = new Set([...this.groups.keys(), ...[...this.commands.keys()].filter((n) => !n.includes(' '))]);
    return [...names].sort();
  }

  /** A group by name. */
  group(name: string): CommandGroup | undefined {
    return this.groups.get(name);
  }

  /** The commands of a group, sorted. */
  groupCommands(name: string): CommandSpec[] {
    return this.all().filter((c) => c.name.startsWith(`${name} `));
  }

  /** A command by exact name. */
  get(name: string): CommandSpec | undefined {
    return this.commands.get(name);
  }

  /**
   * Finds the command a line starts with. Unknown names are user errors suggesting the nearest
   * known one; a group without (or with a wrong) sub-command lists its sub-commands.
   */
  match(tokens: Token[]): Match {
    const first = tokens[0]?.value.replace(/^\//, '').toLowerCase() ?? '';
    const single = this.commands.get(first);
    if (single) return { spec: single, consumed: 1 };
    if (this.groups.has(first)) {
      const subWord = tokens[1]?.value.toLowerCase();
      const sub = subWord === undefined ? undefined : this.commands.get(`${first} ${subWord}`);
      if (sub) return { spec: sub, consumed: 2 };
      const subs = this.groupCommands(first).map((c) => c.name.split(' ')[1]!);
      if (subWord === undefined) throw new UserError('command.needsSub', { command: `/${first}`, subs: subs.join(' · ') });
      const guess = nearest(subWord, subs);
      throw new UserError(guess ? 'command.unknownSubSuggest' : 'command.unknownSub', {
        command: `/${first}`,
        sub: subWord,
        suggestion: guess ? `/${first} ${guess}` : '',
        subs: subs.join(' · '),
      });
    }
    if (!first) throw new UserError('command.empty');
    const guess = nearest(first, this.slashCommands());
    throw new UserError(guess ? 'command.unknownSuggest' : 'command.unknown', { command: `/${first}`, suggestion: guess ? `/${guess}` : '' });
  }
}
