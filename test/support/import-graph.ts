import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** Every `.ts` file under `dir`, as absolute paths. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => resolve(e.parentPath, e.name));
}

/** The relative modules a file imports or re-exports (type-only ones too), resolved to `.ts` paths. */
export function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"](\.[^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm)];
  return specs.map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

/**
 * The import cycles among `files` (strongly connected components of more than one file, or a file
 * importing itself), each as paths relative to `root`, sorted. Tarjan's algorithm.
 */
export function importCycles(files: string[], root: string): string[][] {
  const inside = new Set(files);
  const edges = new Map(files.map((f) => [f, relativeImports(f).filter((to) => inside.has(to))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || edges.get(v)!.includes(v)) cycles.push(scc.map((f) => relative(root, f)).sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}
