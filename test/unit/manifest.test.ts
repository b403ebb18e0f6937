import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildRegistry } from '../../commands/index.js';
import { REQUIRED_BOT_SCOPES } from '../../src/adapters/slack/adapter.js';

interface SlashCommand {
  command?: unknown;
  description?: unknown;
  usage_hint?: unknown;
  should_escape?: unknown;
}

const manifest = parse(readFileSync('manifest.yml', 'utf8'));
const declared: SlashCommand[] = manifest?.features?.slash_commands ?? [];

/** Slack's limits for a slash command in an app manifest. */
const LIMITS = { command: 32, description: 2000, usageHint: 1000 };

describe('manifest.yml (the Slack app) and commands/ agree', () => {
  it('declares exactly the slash commands zhiban has', () => {
    const wanted = buildRegistry().slashCommands().map((c) => `/${c}`);
    const names = declared.map((c) => String(c.command));
    const missing = wanted.filter((c) => !names.includes(c));
    const extra = names.filter((c) => !wanted.includes(c));
    const twice = names.filter((c, i) => names.indexOf(c) !== i);
    const problems = [
      ...missing.map((c) => `${c} is a zhiban command but missing from manifest.yml: add it under features.slash_commands`),
      ...extra.map((c) => `${c} is in manifest.yml but zhiban has no such command: remove it or add it to commands/`),
      ...twice.map((c) => `${c} is declared twice in manifest.yml`),
    ];
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('keeps every slash command within Slack\'s limits', () => {
    const problems = declared.flatMap((c) => {
      const name = String(c.command);
      const out: string[] = [];
      if (typeof c.command !== 'string' || !/^\/[a-z0-9_-]+$/.test(c.command) || c.command.length > LIMITS.command) out.push(`${name}: command must be / plus lower-case letters, digits, - or _, at most ${LIMITS.command} characters`);
      if (typeof c.description !== 'string' || c.description.trim() === '' || c.description.length > LIMITS.description) out.push(`${name}: description must be 1-${LIMITS.description} characters`);
      if (c.usage_hint !== undefined && (typeof c.usage_hint !== 'string' || c.usage_hint.length > LIMITS.usageHint)) out.push(`${name}: usage_hint must be at most ${LIMITS.usageHint} characters`);
      if (c.should_escape !== false) out.push(`${name}: should_escape must be false (zhiban reads the text as typed)`);
      return out;
    });
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('grants the scopes the adapter calls need, and enables interactivity, mentions and Socket Mode', () => {
    const scopes: string[] = manifest.oauth_config?.scopes?.bot ?? [];
    expect(REQUIRED_BOT_SCOPES.filter((s) => !scopes.includes(s)), 'bot scopes missing from manifest.yml').toEqual([]);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.event_subscriptions?.bot_events).toContain('app_mention');
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
    expect(manifest.features?.bot_user?.display_name).toBeTruthy();
    expect(String(manifest.display_information?.name).length).toBeLessThanOrEqual(35);
    expect(String(manifest.display_information?.description).length).toBeLessThanOrEqual(140);
  });
});
