import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import check, { checkCommand } from '../../commands/check.js';
import { FakeClock } from '../../src/core/clock.js';
import type { CommandSpec } from '../../src/core/command.js';
import { isUserError } from '../../src/core/errors.js';
import { helpReply } from '../../src/core/help.js';
import { L, translator } from '../../src/core/i18n/index.js';
import { CommandRegistry } from '../../src/core/registry.js';
import { SYMPTOMS } from '../../src/core/checks/symptoms.js';
import { renderText } from '../../src/render/text.js';
import { probesConfigSchema, probesSchemaOf, type ProbesConfig } from '../../src/diagnostics/config.js';
import { Diagnostics } from '../../src/diagnostics/service.js';
import type { ProbeFamily } from '../../src/probes/define.js';
import { checkTargetNames, checkTargets, PROBES } from '../../src/probes/registry.js';

/** A probe family as a new folder would declare it: a section, a schema with defaults, one target. */
const pingSchema = z.strictObject({ answer: z.enum(['ok', 'crit']).default('ok') }).prefault({});
const ping: ProbeFamily<'ping', typeof pingSchema> = {
  section: 'ping',
  schema: pingSchema,
  targets: [
    {
      name: 'ping',
      hint: L('a new probe, 9.9', '新探针，9.9'),
      async build(env) {
        const { answer } = pingSchema.parse((env.config as Record<string, unknown>).ping);
        return [{ probe: 'ping', target: 'ping here', run: async () => ({ probe: 'ping', target: 'ping here', verdict: answer, summary: L(answer, answer), findings: [] }) }];
      },
    },
  ],
};
const withPing = [...PROBES, ping] as const;

function helpText(spec: CommandSpec, topic: string, locale: 'en' | 'zh-CN' = 'en'): string {
  return renderText(helpReply(new CommandRegistry().register(spec), translator(locale), locale, topic));
}

describe('probe registry', () => {
  it('every family owns one config section that has defaults, and target names are unique', () => {
    for (const family of PROBES) expect(family.schema.safeParse({}).success, family.section).toBe(true);
    const sections = PROBES.map((p) => p.section);
    expect(new Set(sections).size).toBe(sections.length);
    const names = checkTargets().map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(probesConfigSchema.parse({})).sort()).toEqual(['timeoutMs', ...sections].sort());
    expect(checkTargetNames()).toEqual(['docker', 'host', 'disk', 'mysql', 'redis', 'http', 'orders', 'mq', 'tls', 'backup', 'all']);
  });

  it('/check takes its targets, usage and help from the registry', () => {
    expect(check.usage).toBe('/check <docker|host|disk|mysql|redis|http|orders|mq|tls|backup|all> [service or target name] [--incident INC-id]');
    const help = helpText(check, 'check');
    expect(help).toContain('docker (containers, 2.1), host (load, memory), disk (2.7), mysql (2.2/2.4/2.10)');
    expect(help).toContain('for docker: a service or container');
    expect(helpText(check, 'check', 'zh-CN')).toContain('docker（容器，2.1）、host（负载、内存）');
  });

  it('a new family is one more entry: /check, its help, its config section and /check all know it', async () => {
    const cmd = checkCommand(withPing);
    expect(cmd.usage).toContain('|backup|ping|all>');
    expect(cmd.summary.en).toContain('backup, ping, all');
    expect(helpText(cmd, 'check')).toContain('ping (a new probe, 9.9), all');
    expect(cmd.schema.safeParse({ target: 'PING' }).success).toBe(true);
    expect(check.schema.safeParse({ target: 'ping' }).success).toBe(false);

    expect(probesConfigSchema.safeParse({ ping: { answer: 'crit' } }).success).toBe(false);
    const cfg = probesSchemaOf(withPing).parse({ ping: { answer: 'crit' } });
    expect(cfg.ping).toEqual({ answer: 'crit' });
    expect(probesSchemaOf(withPing).parse({}).ping).toEqual({ answer: 'ok' });

    const diagnostics = new Diagnostics(cfg, (s) => s, new FakeClock(), [ping]);
    expect((await diagnostics.check('ping')).map((r) => [r.target, r.verdict])).toEqual([['ping here', 'crit']]);
    expect((await diagnostics.check('all')).map((r) => r.target)).toEqual(['ping here']);
    const refused = await diagnostics.check('ping', 'extra').catch((e: unknown) => e);
    expect(isUserError(refused) && refused.key).toBe('check.noName');
  });

  it('a family can keep a target out of /check all', async () => {
    const quiet: ProbeFamily = { ...ping, targets: [{ ...ping.targets[0]!, inAll: false }] };
    const cfg = probesSchemaOf([quiet]).parse({}) as unknown as ProbesConfig;
    const diagnostics = new Diagnostics(cfg, (s) => s, new FakeClock(), [quiet]);
    expect(await diagnostics.check('all')).toEqual([]);
    expect(await diagnostics.check('ping')).toHaveLength(1);
  });

  it('a family whose inAll reads the config joins /check all only when it has something configured', async () => {
    const some: ProbeFamily = { ...ping, targets: [{ ...ping.targets[0]!, inAll: (config) => (config as unknown as { ping: { answer: string } }).ping.answer === 'crit' }] };
    const quiet = new Diagnostics(probesSchemaOf([some]).parse({}) as unknown as ProbesConfig, (s) => s, new FakeClock(), [some]);
    expect(await quiet.check('all')).toEqual([]);
    const loud = new Diagnostics(probesSchemaOf([some]).parse({ ping: { answer: 'crit' } }) as unknown as ProbesConfig, (s) => s, new FakeClock(), [some]);
    expect((await loud.check('all')).map((r) => r.verdict)).toEqual(['crit']);
  });

  it('tls, backup and mq stay out of /check all until they have targets', () => {
    const inAll = (cfg: ProbesConfig): string[] =>
      checkTargets().filter((t) => (typeof t.inAll === 'function' ? t.inAll(cfg) : t.inAll !== false)).map((t) => t.name);
    expect(inAll(probesConfigSchema.parse({}))).toEqual(['docker', 'host', 'disk', 'mysql', 'redis', 'http', 'orders']);
    const configured = probesConfigSchema.parse({
      mq: { queues: [{ name: 'order.paid' }] },
      tls: { targets: [{ name: 'api', url: 'https://api.example.com' }] },
      backup: { locations: [{ name: 'mysql', dir: '/backup/mysql', patterns: ['mall_*.sql.gz'] }] },
    });
    expect(inAll(configured)).toEqual(['docker', 'host', 'disk', 'mysql', 'redis', 'http', 'orders', 'mq', 'tls', 'backup']);
  });

  it('every symptom of /diagnose runs registered targets', () => {
    const names = new Set(checkTargetNames());
    for (const s of SYMPTOMS) for (const c of s.checks) expect(names.has(c.target), `${s.name}: ${c.target}`).toBe(true);
  });
});
