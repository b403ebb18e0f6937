/** Edit distance between two strings (insert, delete, substitute, adjacent swap each cost 1). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `input`, or undefined when none is plausibly meant (distance over
 * a third of the longer word, minimum 2). A candidate that starts with the input wins outright.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  const word = input.toLowerCase();
  if (!word) return undefined;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: a word far longer than every candidate
    // (a pasted megabyte) is not compared letter by letter.
    if (Math.abs(word.length - c.length) > Math.max(2, Math.ceil(Math.max(word.length, c.length) / 3))) continue;
    const dd = distance(word, c.toLowerCase());
    if (dd < bestD) {
      best = c;
      bestD = dd;
    }
  }
  const limit = Math.max(2, Math.ceil(Math.max(word.length, best?.length ?? 0) / 3));
  return bestD <= limit ? best : undefined;
}
