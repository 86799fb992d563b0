// The Output widget without JupyterLab's output area: captures the kernel's outputs while the widget's
// msg_id is set (ipywidgets 8 "with out:"), keeps them in the synced `outputs` trait, and renders the
// common mime types. Errors and stderr are never shown to a learner; they go to the console.
import { DOMWidgetView } from '@jupyter-widgets/base';
import * as base from '@jupyter-widgets/output';

const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';

function outputFromMessage(msg) {
  const type = msg.header.msg_type;
  const c = msg.content;
  if (type === 'stream') return { output_type: 'stream', name: c.name, text: c.text };
  if (type === 'error') return { output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback };
  return { output_type: type, data: c.data, metadata: c.metadata || {},
    ...(type === 'execute_result' ? { execution_count: c.execution_count } : {}) };
}

export class OutputModel extends base.OutputModel {
  defaults() {
    return { ...super.defaults(), msg_id: '', outputs: [] };
  }

  initialize(attributes, options) {
    super.initialize(attributes, options);
    this._clearOnNext = false;
    this.listenTo(this, 'change:msg_id', this._hook);
    this._hook();
  }

  _hook() {
    const kernel = this.widget_manager.kernel;
    const previous = this.previous('msg_id');
    if (previous) kernel.removeMessageHook(previous);
    const msgId = this.get('msg_id');
    if (msgId) kernel.registerMessageHook(msgId, (msg) => this._capture(msg));
  }

  _capture(msg) {
    const type = msg.header.msg_type;
    if (type === 'clear_output') {
      if (msg.content.wait) this._clearOnNext = true;
      else this._setOutputs([]);
      return false;
    }
    if (!['stream', 'display_data', 'execute_result', 'error'].includes(type)) return true;
    const outputs = this._clearOnNext ? [] : this.get('outputs').slice();
    this._clearOnNext = false;
    const output = outputFromMessage(msg);
    const last = outputs[outputs.length - 1];
    if (output.output_type === 'stream' && last && last.output_type === 'stream' && last.name === output.name) {
      outputs[outputs.length - 1] = { ...last, text: last.text + output.text };
    } else {
      outputs.push(output);
    }
    this._setOutputs(outputs);
    return false;
  }

  _setOutputs(outputs) {
    this.set('outputs', outputs);
    this.save_changes();
  }
}

export class OutputView extends DOMWidgetView {
  render() {
    this.el.classList.add('jupyter-widgets-output-area', 'widget-output');
    this._views = [];
    this.listenTo(this.model, 'change:outputs', this._render);
    this._render();
  }

  _render() {
    for (const view of this._views) view.remove();
    this._views = [];
    this.el.textContent = '';
    for (const output of this.model.get('outputs') || []) this._renderOne(output);
  }

  _renderOne(output) {
    if (output.output_type === 'error' || (output.output_type === 'stream' && output.name === 'stderr')) {
      console.error('Literasi: output hidden from the learner', output);
      return;
    }
    const box = document.createElement('div');
    box.className = 'literasi-output';
    this.el.appendChild(box);
    if (output.output_type === 'stream') {
      const pre = document.createElement('pre');
      pre.textContent = output.text;
      box.appendChild(pre);
      return;
    }
    const data = output.data || {};
    if (data[WIDGET_VIEW]) {
      const manager = this.model.widget_manager;
      manager.get_model(data[WIDGET_VIEW].model_id)
        .then((model) => manager.create_view(model, {}))
        .then((view) => { this._views.push(view); manager.attach(view, box); })
        .catch((error) => console.error('Literasi: widget in output', error));
    } else if (data['text/html']) {
      box.innerHTML = data['text/html'];
    } else if (data['image/png'] || data['image/jpeg']) {
      const img = document.createElement('img');
      const mime = data['image/png'] ? 'image/png' : 'image/jpeg';
      img.src = `data:${mime};base64,${data[mime]}`;
      img.alt = '';
      box.appendChild(img);
    } else if (data['image/svg+xml']) {
      const img = document.createElement('img');
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data['image/svg+xml'])}`;
      img.alt = '';
      box.appendChild(img);
    } else if (data['text/plain'] !== undefined || data['text/markdown'] !== undefined) {
      const pre = document.createElement('pre');
      pre.textContent = data['text/plain'] !== undefined ? data['text/plain'] : data['text/markdown'];
      box.appendChild(pre);
    }
  }

  remove() {
    for (const view of this._views || []) view.remove();
    return super.remove();
  }
}
