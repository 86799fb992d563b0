// Literasi's lesson page: connect to the page's kernel (started by Voila, its id written into the page),
// load every widget's state from it, and put each widget where the lesson displayed it. No JupyterLab.
import './lesson.css';
import { Kernel } from './kernel.js';
import { LessonManager } from './manager.js';

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
  if (!widgets.length || !config || !config.kernelId) return;
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
  const manager = new LessonManager(kernel);
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
  mark('widgets-shown');
  document.documentElement.classList.add('literasi-ready');
}

// Back/forward cache: the kernel was shut when the page was left, so a restored page loads afresh.
window.addEventListener('pageshow', (event) => { if (event.persisted) location.reload(); });

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
