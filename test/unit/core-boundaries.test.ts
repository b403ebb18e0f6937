import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, relativeImports, sourceFiles } from '../support/import-graph.js';

const root = resolve(import.meta.dirname, '../..');
const core = resolve(root, 'src/core');
const files = sourceFiles(core);
/** The one module outside core that core may use, until the Store port moves into core. */
const STORE_PORT = resolve(root, 'src/store/port.ts');
/** Domain services outside core that `Services` names by type only (no SDK behind them). */
const TYPE_ONLY_DOMAIN = resolve(root, 'src/review/service.ts');

describe('core boundaries', () => {
  it('core has no import cycle (type-only imports count)', () => {
    expect(importCycles(files, root)).toEqual([]);
  });

  it('the cycle check sees a cycle made of type-only imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-cycle-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b?: B }\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a?: A }\n");
    writeFileSync(join(dir, 'c.ts'), "import type { A } from './a.js';\nexport type C = A;\n");
    expect(importCycles(sourceFiles(dir), dir)).toEqual([['a.ts', 'b.ts']]);
  });

  it('core imports no SDK, adapter, probe or runtime module', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const packages = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"]([^.'"][^'"]*)['"]/gm)].map((m) => m[1]);
      expect(packages.filter((p) => p !== 'zod' && !p!.startsWith('node:')), relative(root, f)).toEqual([]);
      const typeOnly = /^\s*import type\b[^;]*from\s+['"]\.\.\/review\/service\.js['"]/m.test(text);
      const outside = relativeImports(f).filter((to) => !to.startsWith(core + '/') && to !== STORE_PORT && !(typeOnly && to === TYPE_ONLY_DOMAIN));
      expect(outside.map((to) => relative(root, to)), relative(root, f)).toEqual([]);
    }
  });

  it('core takes time only from the injected Clock', () => {
    for (const f of files) {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code.match(/\b(?:Date\.now|setTimeout|setInterval|AbortSignal\.timeout|performance\.now)\s*\(/g), relative(root, f)).toBeNull();
    }
  });
});
