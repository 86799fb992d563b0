// An ipywidgets 8 widget manager (ManagerBase from @jupyter-widgets/base-manager) whose comms run over our
// small kernel connection. The classes of @jupyter-widgets/base come with this script; those of
// @jupyter-widgets/controls and our Output widget are separate chunks of the build, fetched with import()
// the first time a widget of the page needs one (build.mjs maps each class to its file). Nothing is fetched
// from a CDN.
import * as base from '@jupyter-widgets/base';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { Widget } from '@lumino/widgets';
import controlsClasses from 'virtual:controls-classes';

import { yieldIfLong } from './yielding.js';

const loadOutput = () => import('./output.js');
const loaded = new Map(); // loader → its module, once imported
const loading = new Map(); // loader → the promise of its module, while it is imported

/** The module a loader imports: the module itself when it came already, else a promise of it (one import() per
 * chunk, however many widgets of the page wait for it). */
function imported(loader) {
  if (loaded.has(loader)) return loaded.get(loader);
  if (!loading.has(loader)) {
    loading.set(loader, loader().then((module) => {
      loaded.set(loader, module);
      loading.delete(loader);
      return module;
    }, (error) => {
      loading.delete(loader); // a later widget tries again
      throw error;
    }));
  }
  return loading.get(loader);
}

// RadioButtonsView.update() schedules adjustPadding(), which reads the widget's height and sets a bottom
// margin so the box is a whole number of lines tall (to line up beside other widgets on a desktop). Each call
// lays the whole page out again; a quiz of a dozen questions did so a dozen times in a row, ≈ 100 ms on a
// phone. The lesson page's CSS lays radio buttons out on its own (lesson.css), so the adjustment is skipped.
const replacements = {
  RadioButtonsView: (View) => class extends View {
    adjustPadding() {} // eslint-disable-line class-methods-use-this
  },
};
const replaced = new Map(); // class name → its replacement, made once

function replacement(className, cls) {
  if (!Object.prototype.hasOwnProperty.call(replacements, className)) return cls;
  if (!replaced.has(className)) replaced.set(className, replacements[className](cls));
  return replaced.get(className);
}

/** The module that defines a class (or a promise of it), undefined for a module or class we do not ship. */
function loadModule(className, moduleName) {
  if (moduleName === '@jupyter-widgets/base') return base;
  if (moduleName === '@jupyter-widgets/output') return imported(loadOutput);
  if (moduleName === '@jupyter-widgets/controls' && Object.prototype.hasOwnProperty.call(controlsClasses, className)) {
    return imported(controlsClasses[className]);
  }
  return undefined;
}

/** Starts fetching the view code nearly every lesson needs (boxes, HTML, text) while the kernel connects. */
export function prefetchCommonClasses() {
  for (const className of ['VBoxModel', 'HTMLModel']) {
    Promise.resolve(imported(controlsClasses[className])).catch(() => {}); // a failure shows when needed
  }
}

export class LessonManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, (comm, msg) => this.handle_comm_open(comm, msg));
  }

  // Every model and every view is made after a class lookup: the one place where start-up work yields.
  async loadClass(className, moduleName, moduleVersion) {
    // The chunk is asked for before yielding: a lesson's models are all made in one go when their states arrive,
    // so every chunk the page needs is requested at once, not one slice after another.
    let module = loadModule(className, moduleName);
    await yieldIfLong();
    if (module instanceof Promise) {
      // Every widget waiting for this chunk goes on when it arrives, all in that one task: each yields first.
      module = await module;
      await yieldIfLong();
    }
    if (!module || !module[className]) {
      throw new Error(`Class ${className} not found in module ${moduleName}@${moduleVersion}`);
    }
    return replacement(className, module[className]);
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) comm.open(data, undefined, metadata, buffers);
    return comm;
  }

  async _get_comm_info() {
    // Only used by ipywidgets < 7.7 kernels; ours (8.x) answers the control comm.
    return {};
  }

  /** Load every widget the kernel holds (the preheated kernel ran the lesson before we connected). */
  loadFromKernel() {
    return this._loadFromKernel();
  }

  /** Put a view into the page the way Lumino expects (attach messages reach the widget and its children). */
  attach(view, host) {
    Widget.attach(view.luminoWidget, host);
    view.on('remove', () => view.luminoWidget.isAttached && Widget.detach(view.luminoWidget));
  }

  async render(modelId, host) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model, {});
    this.attach(view, host);
    return view;
  }
}
