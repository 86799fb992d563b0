// An ipywidgets 8 widget manager (ManagerBase from @jupyter-widgets/base-manager) whose comms run over our
// small kernel connection. Widget classes come from the bundled @jupyter-widgets/base and controls, and
// our own Output widget; nothing is fetched from a CDN.
import * as base from '@jupyter-widgets/base';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import * as controls from '@jupyter-widgets/controls';
import { Widget } from '@lumino/widgets';

import * as output from './output.js';

const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
  '@jupyter-widgets/output': output,
};

export class LessonManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, (comm, msg) => this.handle_comm_open(comm, msg));
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (!module || !module[className]) {
      throw new Error(`Class ${className} not found in module ${moduleName}@${moduleVersion}`);
    }
    return module[className];
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
