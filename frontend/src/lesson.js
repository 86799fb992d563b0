// Literasi's lesson page: connect to the page's kernel (started by Voila, its id written into the page),
// load every widget's state from it, and put each widget where the lesson displayed it. No JupyterLab.
// This entry is small; the widget manager (./manager.js with @jupyter-widgets/base, Lumino, Backbone) is a
// chunk of its own, fetched (the page preloads it) and evaluated while the kernel connects.
import './lesson.css';
import { Kernel } from './kernel.js';
import { stages } from './stages.js';
import { nextTask, SLICE_MS } from './yielding.js';

const VIEW_MIME = 'application/vnd.jupyter.widget-view+json';
const CONNECT_TIMEOUT_MS = 20000;

/** Timing marks for benchmarks (performance.getEntriesByType('mark'), names "literasi:…"). */
function mark(name) {
  if (window.performance && performance.mark) performance.mark(`literasi:${name}`);
}

function readConfig() {
  const node = document.getElementById('jupyter-config-data');
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch (error) {
    console.error('Literasi: unreadable page config', error);
    return null;
  }
}

function xsrfToken() {
  const match = document.cookie.match(/\b_xsrf=([^;]*)\b/);
  return match ? match[1] : undefined;
}

/** A sentence for the learner (never a traceback), from the page's own strings (id or en). */
function message(key) {
  const main = document.querySelector('main');
  return (main && main.dataset[key]) || '';
}

function showProblem(host, key) {
  const box = document.createElement('p');
  box.className = 'literasi-widget-problem';
  box.setAttribute('role', 'status');
  box.textContent = message(key);
  host.replaceChildren(box);
}

function showBanner(key) {
  if (document.querySelector('.literasi-banner')) return;
  const banner = document.createElement('p');
  banner.className = 'literasi-banner';
  banner.setAttribute('role', 'alert');
  banner.textContent = message(key);
  const main = document.querySelector('main');
  if (main) main.prepend(banner);
}

function placeholders() {
  return Array.from(document.querySelectorAll(`script[type="${VIEW_MIME}"]`)).map((script) => {
    let modelId = null;
    try {
      modelId = JSON.parse(script.textContent).model_id;
    } catch (error) {
      console.error('Literasi: unreadable widget reference', error);
    }
    const host = script.closest('.literasi-widget') || script.parentElement;
    return { host, modelId };
  });
}

// A region that scrolls sideways (a wide table, a code block, a widget's output) must be reachable by keyboard
// too (WCAG 2.1.1): while it overflows it takes focus (tabindex=0), so arrow keys scroll it.
const SCROLL_CANDIDATES = 'main table, main pre, main .jp-OutputArea-output, main .widget-html-content div';

/** Whether an element scrolls (sideways or down) now. */
function scrolls(element) {
  const style = getComputedStyle(element);
  return /auto|scroll/.test(style.overflowX + style.overflowY)
    && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
}

function markScrollable(element, scrolling) {
  if (scrolling && !element.hasAttribute('tabindex')) {
    element.tabIndex = 0;
    element.dataset.literasiScrolls = '';
  } else if (!scrolling && 'literasiScrolls' in element.dataset) {
    element.removeAttribute('tabindex');
    delete element.dataset.literasiScrolls;
  }
}

/** Checks every candidate, a few per task (the first read after the widgets were drawn lays the page out; on a
 * long lesson the whole pass at once was one long task). Within a slice all reads come first, then all
 * writes: a write between two reads would lay the page out again. */
async function markScrollableRegions(resizes) {
  const elements = Array.from(document.querySelectorAll(SCROLL_CANDIDATES));
  let next = 0;
  while (next < elements.length) {
    const started = performance.now();
    const slice = [];
    while (next < elements.length && (!slice.length || performance.now() - started < SLICE_MS)) {
      const element = elements[next];
      next += 1;
      if (element.isConnected) slice.push([element, scrolls(element)]);
    }
    slice.forEach(([element, scrolling]) => {
      if (resizes) resizes.observe(element); // a box's width settles after the widgets' first layout
      markScrollable(element, scrolling);
    });
    if (next < elements.length) await nextTask(); // eslint-disable-line no-await-in-loop
  }
}

/** After the browser's next frame: by then it has laid the page out, so reading sizes forces no extra layout. */
function afterNextFrame(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

/** Marks the regions that scroll now (the promise settles when done) and checks again whenever a candidate's
 * size or a widget's content changes (at most once per frame, one pass after another). */
function watchScrollableRegions() {
  let queued = false;
  let resizes = null;
  let passes = Promise.resolve();
  const pass = () => {
    passes = passes.then(() => markScrollableRegions(resizes));
    return passes;
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    afterNextFrame(() => { queued = false; pass(); });
  };
  if (window.ResizeObserver) resizes = new ResizeObserver(queue);
  window.addEventListener('resize', queue);
  const main = document.querySelector('main');
  if (main && window.MutationObserver) new MutationObserver(queue).observe(main, { childList: true, subtree: true });
  return pass();
}

/** The page is complete: its widgets are drawn (or it has none) and its scrolling regions take focus. Tests and
 * benchmarks wait for this class. */
function ready() {
  mark('widgets-shown');
  afterNextFrame(() => {
    const done = () => document.documentElement.classList.add('literasi-ready');
    watchScrollableRegions().then(done, done);
  });
}

function shutdownOnLeave(config) {
  let done = false;
  window.addEventListener('pagehide', () => {
    if (done) return;
    done = true;
    const headers = {};
    const token = xsrfToken();
    if (token) headers['X-XSRFToken'] = token;
    const url = `${config.baseUrl.replace(/\/?$/, '/')}api/kernels/${encodeURIComponent(config.kernelId)}`;
    fetch(url, { method: 'DELETE', keepalive: true, credentials: 'same-origin', headers }).catch(() => {});
  });
}

/** The widget manager's module, its libraries evaluated one step per task (see stages.js). */
async function loadManager() {
  let module;
  for (const stage of stages) {
    module = await stage(); // eslint-disable-line no-await-in-loop
    await nextTask(); // eslint-disable-line no-await-in-loop
  }
  return module;
}

async function start() {
  const widgets = placeholders();
  const config = readConfig();
  if (!widgets.length) {
    ready();
    return;
  }
  if (!config || !config.kernelId) return;
  const loadingManager = loadManager();
  loadingManager.then((module) => module.prefetchCommonClasses()).catch(() => {});
  const kernel = new Kernel(config);
  shutdownOnLeave(config);
  mark('start');
  try {
    await kernel.connect(CONNECT_TIMEOUT_MS);
    mark('kernel-connected');
  } catch (error) {
    console.error('Literasi: kernel unreachable', error);
    widgets.forEach(({ host }) => showProblem(host, 'msgOffline'));
    return;
  }
  let leaving = false;
  window.addEventListener('pagehide', () => { leaving = true; });
  kernel.onclose = () => { if (!leaving) showBanner('msgLost'); };
  let manager;
  try {
    const { LessonManager } = await loadingManager;
    manager = new LessonManager(kernel);
  } catch (error) {
    console.error('Literasi: widget code could not be loaded', error);
    widgets.forEach(({ host }) => showProblem(host, 'msgWidget'));
    return;
  }
  try {
    await manager.loadFromKernel();
    mark('states-loaded');
  } catch (error) {
    console.error('Literasi: widget states could not be loaded', error);
  }
  await Promise.all(widgets.map(async ({ host, modelId }) => {
    try {
      const view = await manager.render(modelId, host.querySelector('.literasi-widget-view') || host);
      const loading = host.querySelector('.literasi-loading');
      if (loading) loading.remove();
      return view;
    } catch (error) {
      console.error('Literasi: widget could not be shown', modelId, error);
      showProblem(host, 'msgWidget');
      return null;
    }
  }));
  ready();
}

// Back/forward cache: the kernel was shut when the page was left, so a restored page loads afresh.
window.addEventListener('pageshow', (event) => { if (event.persisted) location.reload(); });

// The widgets' work starts once the page's text is painted (a frame after the script runs; at most 200 ms
// later in a tab the browser does not paint, so its kernel is still connected in time): the learner reads at
// once, and fetching and evaluating the widget code does not hold up the first paint.
function afterFirstPaint(callback) {
  let started = false;
  const go = () => {
    if (started) return;
    started = true;
    callback();
  };
  afterNextFrame(go);
  setTimeout(go, 200);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => afterFirstPaint(start));
else afterFirstPaint(start);
