/**
 * How one command ended, as metrics count it: `ok` (the reply says it worked), `failed` (the
 * command ran and reported a failure), `refused` (bad input or a missing role), `error` (an
 * internal or store error; the user saw a reference id).
 */
export type CommandOutcome = 'ok' | 'failed' | 'refused' | 'error';

/**
 * Where core reports each finished command (for metrics). The runtime implements it; core stays
 * free of any metrics library and never waits for the observer.
 */
export interface CommandObserver {
  /** `name` is the matched command (`incident declare`) or `unknown`; `ms` is measured on the injected clock. */
  command(name: string, outcome: CommandOutcome, ms: number): void;
}
