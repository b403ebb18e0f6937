import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor`: each time the young generation grows, it doubles. */
export const V8_SEMI_SPACE_GROWTH = 2;

/**
 * Keeps a server's start-up from leaving memory behind that serving never uses, until the returned
 * function is called (once zhiban serves). Loading the code, the config and the schemas is work
 * done once, yet V8 sizes itself for it as for a steady load, and an idle bot kept those pages
 * resident (about 20 MiB of its idle RSS):
 * - the young generation: start-up allocates objects it keeps, so V8 grew the young generation to
 *   16 MiB a semi-space (32 MiB in all); held, it stays at its initial 1 MiB a semi-space;
 * - the optimizing compiler (TurboFan): start-up's hot code (schema building, YAML and config
 *   parsing) was optimized on V8's worker threads, whose compile memory stays in their malloc arenas.
 * Released, both work as V8's defaults again: a burst of commands grows the young generation and
 * gets its hot paths optimized as before; the cost is a slightly slower start-up.
 */
export function holdStartUpMemory(): () => void {
  // an operator who set either flag (node options or NODE_OPTIONS) gets exactly that, before and after
  if (/turbofan|semi-space/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) return () => undefined;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-turbofan');
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH}`);
    setFlagsFromString('--turbofan');
  };
}
