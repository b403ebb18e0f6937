#!/usr/bin/env node
// Bundles zhiban's own modules into dist/bundle/ (run by `npm run build`, after tsc has type-checked).
// Loading ~250 small ES modules cost about two thirds of `zhiban exec "/help"`: each one is
// resolved, read and compiled on its own (Node 20 has no compile cache). The bundle is a few files.
// Every `import()` zhiban makes lazily (platforms, probe clients, actions, metrics) stays a
// separate chunk, loaded only when used. Third-party packages stay external (loaded from
// node_modules as before), except the ones in BUNDLED: loaded by every command and made of many
// modules (zod's entry point alone pulls in 95; yaml is 72 CommonJS files; pino and what it
// requires about 30), pure JavaScript that reads no files of its own. (pino would read its
// worker files for `transport:` targets, which zhiban does not use: it writes to its own destination.)
// dist/bundle/meta.json records which source file went into which output file
// (test/integration/cli-startup.test.ts reads it to see what a command loaded).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const BUNDLED = new Set(['zod', 'yaml', 'pino']);
const OUT = 'dist/bundle';
const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Leaves every bare import external but those of BUNDLED; fails the build on a package package.json does not declare. */
const externals = {
  name: 'zhiban-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageOf(args.path);
      if (name.startsWith('node:') || builtinModules.includes(name)) return { external: true };
      if (BUNDLED.has(name) || args.importer.includes('/node_modules/')) return undefined;
      if (!(name in pkg.dependencies)) return { errors: [{ text: `${args.path} is imported by ${args.importer} but is not in package.json's dependencies` }] };
      return { external: true };
    });
  },
};

rmSync(new URL(`${OUT}/`, root), { recursive: true, force: true });
const result = await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  metafile: true,
  plugins: [externals],
  // yaml and pino are CommonJS and require Node built-ins: give the ES module chunks a `require`
  banner: { js: "import { createRequire as __zhibanCreateRequire } from 'node:module'; const require = __zhibanCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(new URL(`${OUT}/meta.json`, root), JSON.stringify(result.metafile));
