import type { CommandCatalogue, CommandDoc } from './command-doc.js';
import { pick, type Locale, type Translator } from './i18n/index.js';
import { failure, reply, type Block, type Reply } from './reply.js';
import { nearest } from './suggest.js';

/** Help generated from the command definitions (through the narrow catalogue): the overview, a group, or one command. */
export function helpReply(registry: CommandCatalogue, t: Translator, locale: Locale, topic: string | undefined): Reply {
  const words = (topic ?? '').replace(/^\//, '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return overview(registry, t, locale);
  const name = words.slice(0, 2).join(' ');
  const spec = registry.get(name) ?? registry.get(words[0]!);
  if (spec) return commandHelp(spec, t, locale);
  const group = registry.group(words[0]!);
  if (group && words.length === 1) {
    const rows = registry.groupCommands(group.name).map((c) => [c.usage, pick(locale, c.summary)]);
    return reply([
      { type: 'heading', text: t('help.group', { name: group.name, summary: pick(locale, group.summary) }) },
      { type: 'table', columns: [t('help.usage'), ''], rows },
      { type: 'context', text: t('help.more') },
    ]);
  }
  const known = [...registry.slashCommands(), ...registry.all().map((c) => c.name)];
  const guess = nearest(name, known);
  return failure([
    { type: 'text', text: guess ? t('help.unknown', { topic: name, suggestion: `/help ${guess}` }) : t('help.unknownNoSuggest', { topic: name }) },
  ]);
}

function overview(registry: CommandCatalogue, t: Translator, locale: Locale): Reply {
  const rows: string[][] = [];
  for (const top of registry.slashCommands()) {
    const group = registry.group(top);
    if (group) {
      rows.push([`/${top}`, pick(locale, group.summary)]);
      for (const c of registry.groupCommands(top)) rows.push([`  ${c.name.split(' ')[1]}`, pick(locale, c.summary)]);
    } else {
      const spec = registry.get(top)!;
      rows.push([`/${top}`, pick(locale, spec.summary)]);
    }
  }
  return reply([
    { type: 'heading', text: t('help.heading') },
    { type: 'table', columns: ['', ''], rows },
    { type: 'context', text: t('help.more') },
  ]);
}

function commandHelp(spec: CommandDoc, t: Translator, locale: Locale): Reply {
  const args = [
    ...spec.params.map((p) => [`<${p.name}>${p.optional || (p.incident && p.optional !== false) ? '?' : ''}`, pick(locale, p.description)]),
    ...(spec.flags ?? []).map((f) => [`--${f.name}`, pick(locale, f.description)]),
  ];
  const blocks: Block[] = [
    { type: 'heading', text: `/${spec.name} — ${pick(locale, spec.summary)}` },
    { type: 'fields', fields: [
      { label: t('help.usage'), value: spec.usage },
      { label: t('help.roles'), value: `${spec.roles.join(' / ')} · ${t(spec.risk === 'read' ? 'help.risk.read' : 'help.risk.write')}` },
    ] },
  ];
  if (args.length > 0) blocks.push({ type: 'table', columns: [t('help.args'), ''], rows: args });
  blocks.push({ type: 'code', title: t('help.examples'), text: spec.examples.join('\n') });
  return reply(blocks);
}
