import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor`: each time the young generation grows, it doubles. */
export const V8_SEMI_SPACE_GROWTH = 2;

/**
 * Keeps V8's young generation at its initial size until the returned function is called, then
 * lets it grow again as V8 would. For `zhiban start`: loading the code, the config and the
 * schemas allocates mostly objects that live for the whole process, so V8 grows the young
 * generation (to 16 MiB a semi-space, 32 MiB in all) for a start-up that never comes again, and
 * an idle bot kept those pages resident. Held, it stays at 1 MiB a semi-space through start-up;
 * released, a burst of commands grows it as before (so the ack path keeps its large nursery
 * under load), and a bot that has been busy keeps what it grew.
 */
export function holdYoungGeneration(): () => void {
  setFlagsFromString('--semi-space-growth-factor=1');
  let held = true;
  return () => {
    if (held) setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH}`);
    held = false;
  };
}
