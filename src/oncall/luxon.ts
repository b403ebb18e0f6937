import { lazyModule } from '../probes/lazy-module.js';

/**
 * luxon, loaded on first use: only a config with `rotations:` and the `/oncall` command need it,
 * so a command such as `zhiban exec /help` starts without loading it. Always the same module.
 */
export const luxon = lazyModule<typeof import('luxon')>('luxon');
