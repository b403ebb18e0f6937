import { rank, type Severity } from '../core/incidents/severity.js';
import type { Platform } from '../core/invocation.js';
import type { AlertRoute, AlertsConfig } from './config.js';

/** Where an alert goes: the incident's severity, the symptom to diagnose, its channels, whether it pages. */
export interface RouteDecision {
  severity: Severity;
  symptom?: string;
  platform: Platform;
  /** The incident's channel first, then the others that get its card. */
  channels: string[];
  page: boolean;
}

interface Compiled {
  route: AlertRoute;
  regexes: Array<[string, RegExp]>;
}

/**
 * The routing rules of `alerts.routes`, compiled once (the patterns were proven safe from
 * catastrophic backtracking when the config was parsed, and run anchored). The first route whose
 * `match` and `matchRegex` all hold decides; what it leaves out comes from the defaults, the
 * severity from the conventional severity label through `alerts.severities`.
 */
export class AlertRouter {
  private readonly routes: Compiled[];

  constructor(private readonly cfg: AlertsConfig) {
    this.routes = cfg.routes.map((route) => ({ route, regexes: Object.entries(route.matchRegex).map(([k, src]) => [k, new RegExp(`^(?:${src})$`)] as [string, RegExp]) }));
  }

  /** The decision for one alert's labels. */
  decide(labels: Record<string, string>): RouteDecision {
    const hit = this.routes.find((c) => Object.entries(c.route.match).every(([k, v]) => labels[k] === v) && c.regexes.every(([k, re]) => re.test(labels[k] ?? '')))?.route;
    const mapped = this.severityOf(labels[this.cfg.severityLabel]);
    const d: RouteDecision = {
      severity: hit?.severity ?? mapped,
      platform: this.cfg.platform,
      channels: hit?.channels ?? [this.cfg.channel],
      page: hit?.page ?? true,
    };
    if (hit?.symptom) d.symptom = hit.symptom;
    return d;
  }

  /** The decision for a group: that of its most severe alert (the first of equals). */
  decideGroup(labelSets: ReadonlyArray<Record<string, string>>): RouteDecision {
    const all = labelSets.map((l) => this.decide(l));
    return all.reduce((best, d) => (rank(d.severity) < rank(best.severity) ? d : best), all[0] ?? this.decide({}));
  }

  private severityOf(value: string | undefined): Severity {
    if (value === undefined) return this.cfg.defaultSeverity;
    const key = Object.keys(this.cfg.severities).find((k) => k.toLowerCase() === value.toLowerCase());
    return key ? this.cfg.severities[key]! : this.cfg.defaultSeverity;
  }
}
