// Builds the lesson page's script and stylesheet into literasi/site/static/ (run: npm ci && node build.mjs).
// Output: lesson.<hash8>.js and lesson.<hash8>.css (hash of the content), a .br and .gz next to each, and
// assets.json mapping logical names to them plus "source_hash" (of src/, build.mjs and package-lock.json),
// which a test compares with the sources to catch a stale build. Older hashed files are deleted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '..', 'literasi', 'site', 'static');
const LOGICAL = ['lesson.js', 'lesson.css'];

function files(folder) {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** sha256 over (relative path, NUL, bytes, NUL) of every source file in path order. */
export function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [...files(join(here, 'src')), join(here, 'build.mjs'), join(here, 'package-lock.json')]
    .map((path) => [relative(here, path).split(sep).join('/'), path])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, path] of inputs) {
    hash.update(name);
    hash.update('\0');
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

// sanitize-html pulls in postcss and htmlparser2; the browser's own parser does the same job here.
// jQuery only wraps elements for ipywidgets 8's own widgets (see src/jquery-lite.cjs).
const sanitizeShim = {
  name: 'sanitize-shim',
  setup(build) {
    build.onResolve({ filter: /^sanitize-html$/ }, () => ({ path: join(here, 'src', 'sanitize.js') }));
    build.onResolve({ filter: /^jquery$/ }, () => ({ path: join(here, 'src', 'jquery-lite.cjs') }));
  },
};

// @lumino/widgets ships one pre-bundled file, so a bundler keeps all of it (dock panels, menus, command
// palettes…). Its TypeScript sources are in the package too: built from those, marked free of side effects,
// only the parts ipywidgets uses stay in the bundle.
const luminoSources = join(here, 'node_modules', '@lumino', 'widgets', 'src');
const luminoWidgetsFromSource = {
  name: 'lumino-widgets-from-source',
  setup(build) {
    build.onResolve({ filter: /^@lumino\/widgets$/ }, () => ({ path: join(luminoSources, 'index.ts'), sideEffects: false }));
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(luminoSources)) return undefined;
      return { path: `${resolve(dirname(args.importer), args.path)}.ts`, sideEffects: false };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { lesson: join(here, 'src', 'lesson.js') },
  bundle: true,
  minify: true,
  target: 'es2018',
  format: 'iife',
  platform: 'browser',
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  outdir: 'out',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [sanitizeShim, luminoWidgetsFromSource],
});

mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) {
  if (/^lesson\.[0-9a-f]{8}\.(js|css)(\.br|\.gz)?$/.test(name)) rmSync(join(outDir, name));
}
const manifest = {};
for (const file of result.outputFiles) {
  const logical = file.path.split(sep).pop();
  if (!LOGICAL.includes(logical)) continue;
  const [stem, ext] = logical.split('.');
  const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 8);
  const name = `${stem}.${hash}.${ext}`;
  writeFileSync(join(outDir, name), file.contents);
  writeFileSync(join(outDir, `${name}.gz`), gzipSync(file.contents, { level: 9 }));
  writeFileSync(join(outDir, `${name}.br`), brotliCompressSync(file.contents, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.contents.length },
  }));
  manifest[logical] = name;
  const br = readFileSync(join(outDir, `${name}.br`)).length;
  const gz = readFileSync(join(outDir, `${name}.gz`)).length;
  console.log(`${name}: ${file.contents.length} bytes, gzip ${gz}, br ${br}`);
}
manifest.source_hash = sourceHash();
writeFileSync(join(outDir, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
if (process.env.LITERASI_METAFILE) writeFileSync(process.env.LITERASI_METAFILE, JSON.stringify(result.metafile));
