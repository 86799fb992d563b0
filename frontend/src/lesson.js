// Literasi's lesson page: connect to the page's kernel (started by Voila, its id written into the page),
// load every widget's state from it, and put each widget where the lesson displayed it. No JupyterLab.
// This entry is small; the widget manager (./manager.js with @jupyter-widgets/base, Lumino, Backbone) is a
// chunk of its own, fetched (the page preloads it) and evaluated while the kernel connects.
import './lesson.css';
import { Kernel } from './kernel.js';

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

function markScrollableRegions(resizes) {
  // All reads first, then all writes: a write between two reads would make the browser lay the page out again
  // for each element (hundreds of layouts on a long lesson).
  const elements = Array.from(document.querySelectorAll(SCROLL_CANDIDATES));
  const scrolling = elements.map((element) => {
    const style = getComputedStyle(element);
    return /auto|scroll/.test(style.overflowX + style.overflowY)
      && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
  });
  elements.forEach((element, index) => {
    if (resizes) resizes.observe(element); // a box's width settles after the widgets' first layout
    if (scrolling[index] && !element.hasAttribute('tabindex')) {
      element.tabIndex = 0;
      element.dataset.literasiScrolls = '';
    } else if (!scrolling[index] && 'literasiScrolls' in element.dataset) {
      element.removeAttribute('tabindex');
      delete element.dataset.literasiScrolls;
    }
  });
}

/** After the browser's next frame: by then it has laid the page out, so reading sizes forces no extra layout. */
function afterNextFrame(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

/** Checks again whenever a candidate's size or a widget's content changes (at most once per frame). */
function watchScrollableRegions() {
  let queued = false;
  let resizes = null;
  const queue = () => {
    if (queued) return;
    queued = true;
    afterNextFrame(() => { queued = false; markScrollableRegions(resizes); });
  };
  if (window.ResizeObserver) resizes = new ResizeObserver(queue);
  window.addEventListener('resize', queue);
  const main = document.querySelector('main');
  if (main && window.MutationObserver) new MutationObserver(queue).observe(main, { childList: true, subtree: true });
  markScrollableRegions(resizes);
}

/** The page is complete: its widgets are drawn (or it has none). Tests and benchmarks wait for this class. */
function ready() {
  mark('widgets-shown');
  afterNextFrame(() => {
    watchScrollableRegions();
    document.documentElement.classList.add('literasi-ready');
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

async function start() {
  const widgets = placeholders();
  const config = readConfig();
  if (!widgets.length) {
    ready();
    return;
  }
  if (!config || !config.kernelId) return;
  const loadingManager = import('./manager.js');
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
