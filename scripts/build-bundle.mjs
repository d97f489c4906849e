/**
 * Build step (`npm run build`, after tsc and build-validators): bundles the compiled command line
 * (dist/src/cli/main.js and the worker entry) into dist/cli/, which bin/pipebench.js runs: ES
 * modules, one chunk per lazily loaded command.
 *
 * Why: a run of the unbundled CLI loads about 190 modules (105 of its own, 82 CommonJS files of its
 * dependencies), and Node's module loader spends more CPU resolving, reading and linking them
 * than the code costs: 222 → 121 ms of CPU for a whole `sustained` invocation that fails at
 * once on an unreachable target (Node 20, measured with both side by side). A load generator pays
 * that in every run, and every shard of a fleet pays it again.
 *
 * The library API (dist/src/index.js) stays unbundled. Bundled code must not find its files
 * relative to its own module (import.meta.url is the chunk's): it uses findPackageRoot(), and the
 * worker entry is emitted as dist/cli/worker.js, next to the chunk that starts it
 * (workers/pool.ts resolves './worker.js' against its own URL either way).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const src = join(dist, 'src');
const outdir = join(dist, 'cli');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(src, 'cli', 'main.js'), worker: join(src, 'workers', 'worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies call require() (hdr-histogram-js even through eval): give each chunk one.
  banner: { js: "import { createRequire as __pbCreateRequire } from 'node:module'; const require = __pbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  // Less to parse at start (8 ms of CPU); names are kept, so stack traces still name functions.
  minifyWhitespace: true,
  minifySyntax: true,
});
