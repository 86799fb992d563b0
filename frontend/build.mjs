// Builds the lesson page's script and stylesheet into literasi/site/static/ (run: npm ci && node build.mjs).
// Output (ES modules, split): lesson.<hash>.js (the entry: kernel connection and widget manager),
// chunk.<hash>.js (code shared by the entry and the widget views, and one chunk per file of
// @jupyter-widgets/controls, loaded with import() only when a page's widgets need its classes) and
// lesson.<hash>.css; esbuild's content hashes (8 characters, A–Z 2–7), a .br and .gz next to each file.
// assets.json maps "lesson.js" and "lesson.css" to their files, lists under "preload" the chunks the entry
// imports statically (the page preloads them) and under "files" every built file; "source_hash" (of src/,
// build.mjs and package-lock.json) lets a test catch a stale build. Older built files are deleted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '..', 'literasi', 'site', 'static');
const BUILT = /^(lesson|chunk)\.[A-Za-z0-9]{8}\.(js|css)(\.br|\.gz)?$/;
const controlsLib = join(here, 'node_modules', '@jupyter-widgets', 'controls', 'lib');

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

// `virtual:controls-classes`: every class @jupyter-widgets/controls exports, mapped to an import() of the one
// file of the package that defines it. esbuild makes each such file a chunk of its own, so a page loads the
// slider code (nouislider), the colour picker (d3-color)… only when one of its widgets is of that kind.
const controlsClasses = {
  name: 'controls-classes',
  setup(build) {
    build.onResolve({ filter: /^virtual:controls-classes$/ }, (args) => ({ path: args.path, namespace: 'controls-classes' }));
    build.onLoad({ filter: /.*/, namespace: 'controls-classes' }, () => {
      const lines = [];
      const entries = [];
      readdirSync(controlsLib).filter((name) => /^widget_\w+\.js$/.test(name)).sort().forEach((name, index) => {
        const classes = [...readFileSync(join(controlsLib, name), 'utf8').matchAll(/^export class (\w+)/gm)].map((m) => m[1]);
        if (!classes.length) return;
        lines.push(`const load${index} = () => import(${JSON.stringify(`@jupyter-widgets/controls/lib/${name}`)});`);
        for (const cls of classes) entries.push(`  ${cls}: load${index},`);
      });
      return { contents: `${lines.join('\n')}\nexport default {\n${entries.join('\n')}\n};\n`, resolveDir: here, loader: 'js' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { lesson: join(here, 'src', 'lesson.js') },
  bundle: true,
  minify: true,
  target: 'es2018',
  supported: { 'dynamic-import': true }, // every browser with ES modules has import()
  format: 'esm',
  splitting: true,
  entryNames: '[name].[hash]',
  chunkNames: 'chunk.[hash]',
  platform: 'browser',
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  outdir: outDir,
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [sanitizeShim, luminoWidgetsFromSource, controlsClasses],
});

mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) {
  if (BUILT.test(name)) rmSync(join(outDir, name));
}
const manifest = { files: [], preload: [] };
const fileName = (path) => relative(outDir, path).split(sep).join('/');
for (const file of result.outputFiles) {
  const name = fileName(file.path);
  if (!BUILT.test(name)) throw new Error(`unexpected output ${name}`);
  writeFileSync(join(outDir, name), file.contents);
  writeFileSync(join(outDir, `${name}.gz`), gzipSync(file.contents, { level: 9 }));
  writeFileSync(join(outDir, `${name}.br`), brotliCompressSync(file.contents, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.contents.length },
  }));
  manifest.files.push(name);
  const br = readFileSync(join(outDir, `${name}.br`)).length;
  const gz = readFileSync(join(outDir, `${name}.gz`)).length;
  console.log(`${name}: ${file.contents.length} bytes, gzip ${gz}, br ${br}`);
}
manifest.files.sort();
// Preloaded by the page: what the entry imports at once, and the widget manager's chunk (imported by the entry
// as soon as it runs) with what that imports at once.
const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => [fileName(resolve(path)), output]);
const byEntry = (source) => outputs.find(([, output]) => output.entryPoint === source || (output.entryPoint || '').endsWith(`/${source}`));
const staticImports = (output) => output.imports.filter((item) => item.kind === 'import-statement').map((item) => fileName(resolve(item.path)));
const [entryName, entry] = byEntry('src/lesson.js');
const [managerName, manager] = byEntry('src/manager.js');
manifest['lesson.js'] = entryName;
manifest['lesson.css'] = fileName(resolve(entry.cssBundle));
// Nearly every lesson shows boxes and HTML: their chunks (and what those import) are preloaded too, so the
// first widget does not wait for two more round trips on a slow phone network.
const closure = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  const found = outputs.find(([other]) => other === name);
  if (found) staticImports(found[1]).forEach((next) => closure(next, seen));
  return seen;
};
const common = ['widget_box.js', 'widget_string.js'].map((file) => byEntry(`node_modules/@jupyter-widgets/controls/lib/${file}`)[0]);
// The manager's libraries are imported in steps (src/stages.js); every step's chunk is preloaded.
const stageNames = ['stage-lumino', 'stage-backbone', 'stage-base'].map((stage) => byEntry(`src/${stage}.js`)[0]);
manifest.preload = [...new Set([...staticImports(entry), ...[...stageNames, managerName, ...common].flatMap((name) => [...closure(name)])])];
manifest.source_hash = sourceHash();
writeFileSync(join(outDir, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
if (process.env.LITERASI_METAFILE) writeFileSync(process.env.LITERASI_METAFILE, JSON.stringify(result.metafile));
