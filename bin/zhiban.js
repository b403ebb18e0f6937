#!/usr/bin/env node
// Entry point of the `zhiban` command: runs the bundled CLI from dist/bundle/ (scripts/bundle.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('zhiban is not built yet: run `npm install` (or `npm run build`) in the checkout first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
