import type { Localized } from '../../core/i18n/index.js';
import { formatTable, joinLocalized } from '../format.js';
import { L, truncate, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeResult } from '../types.js';
import { withReadOnlySession } from '../mysql/connection.js';
import { endpointLabel, parseMysqlDsn } from '../mysql/dsn.js';
import { maskedLine } from '../mysql/format.js';
import { runOrderChecks, type CheckOutcome } from './checks.js';
import type { OrdersProbeConfig } from './config.js';

/** Rows listed per check in the detail (the finding quotes the first few identifiers). */
export const ROWS_SHOWN = 20;
const IDS_QUOTED = 5;
const DETAIL_MAX = 4000;

function countText(o: CheckOutcome): string {
  return o.capped ? `${o.rows.length}+` : String(o.rows.length);
}

/** Judges one check's outcome: no rows is `ok`, any row the check's configured verdict; a failure as it came. Pure. */
export function assessOrderCheck(o: CheckOutcome, redact: (s: string) => string): Finding {
  if (o.failure) return o.failure;
  const { title, manual, advice, verdict } = o.check;
  if (o.rows.length === 0) return { verdict: 'ok', text: L(`${title.en}: none`, `${title['zh-CN']}：无`) };
  const ids = o.rows
    .slice(0, IDS_QUOTED)
    .map((r) => redact(maskedLine(Object.values(r)[0] as string | number | null, 40)))
    .join(', ');
  const more = o.rows.length > IDS_QUOTED ? ', …' : '';
  const ref = manual ? L(` (manual ${manual})`, `（手册 ${manual}）`) : L('', '');
  const tip = advice ? L(`: ${advice.en}`, `：${advice['zh-CN']}`) : L('', '');
  return {
    verdict,
    text: L(
      `${title.en}: ${countText(o)} (${ids}${more})${ref.en}${tip.en}`,
      `${title['zh-CN']}：${countText(o)} 条（${ids}${more}）${ref['zh-CN']}${tip['zh-CN']}`,
    ),
  };
}

function summaryOf(outcomes: CheckOutcome[], findings: Finding[]): Localized {
  const flagged = outcomes.filter((o, i) => findings[i]?.verdict !== 'ok');
  if (flagged.length === 0) {
    return L(`${outcomes.length} checks, no anomalies`, `${outcomes.length} 项检查均无异常`);
  }
  const parts = flagged.map((o) =>
    o.failure
      ? L(`${o.check.name} could not run`, `${o.check.name} 无法执行`)
      : L(`${o.check.title.en} ${countText(o)}`, `${o.check.title['zh-CN']} ${countText(o)}`),
  );
  return joinLocalized(parts);
}

function detailOf(outcomes: CheckOutcome[], findings: Finding[], redact: (s: string) => string): string {
  const out: string[] = [];
  const clean = outcomes.filter((o) => !o.failure && o.rows.length === 0).map((o) => o.check.name);
  if (clean.length > 0) out.push(`ok: ${clean.join(', ')}`);
  outcomes.forEach((o, i) => {
    if (!o.failure && o.rows.length === 0) return;
    out.push(`\n[${o.check.name}] ${findings[i]?.text.en ?? ''}`);
    const first = o.rows[0];
    if (!first) return;
    const columns = Object.keys(first);
    const rows = o.rows.slice(0, ROWS_SHOWN).map((r) => columns.map((c) => maskedLine(redact(String(r[c] ?? '-')), 40)));
    out.push(formatTable(rows, { columns }));
    if (o.rows.length > ROWS_SHOWN) out.push(`… ${o.capped ? 'at least ' : ''}${o.rows.length - ROWS_SHOWN} more`);
  });
  return truncate(out.join('\n').trimStart(), DETAIL_MAX);
}

/** Where the checks run, for the target: `host:port/database`, never the user or password. */
function ordersTarget(dsn: string): string {
  const db = parseMysqlDsn(dsn)?.database;
  return `orders ${endpointLabel(dsn)}${db ? `/${db}` : ''}`;
}

/**
 * The `orders` probe (manual 2.5, 2.6 and the consignment guide's ghost and zombie orders): runs
 * every configured check on one read-only session and reports one finding per check, worst
 * first; the detail lists the offending rows (ROWS_SHOWN per check). Checks run against
 * `cfg.dsn`, or `mysqlDsn` (the mysql probe's) when the orders config names none.
 */
export function ordersProbe(cfg: OrdersProbeConfig, mysqlDsn: string): Probe {
  const dsn = cfg.dsn ?? mysqlDsn;
  const target = ordersTarget(dsn);
  return {
    probe: 'orders',
    target,
    run: (ctx) =>
      withReadOnlySession(dsn, ctx, async (session): Promise<Omit<ProbeResult, 'durationMs'>> => {
        const outcomes = await runOrderChecks(session, cfg.checks);
        const redact = (s: string): string => ctx.redact(s);
        const findings = outcomes.map((o) => assessOrderCheck(o, redact));
        return {
          probe: 'orders',
          target,
          verdict: worst(findings.map((f) => f.verdict)),
          summary: summaryOf(outcomes, findings),
          findings,
          detail: detailOf(outcomes, findings, redact),
        };
      }),
  };
}
