// A minimal Jupyter kernel connection over Jupyter Server's websocket (/api/kernels/<id>/channels),
// speaking the v1 binary protocol ("v1.kernel.websocket.jupyter.org"), which Voila's websocket handler
// expects. It does only what a widget page needs: comms (open/msg/close), per-message callbacks
// (reply, iopub status and outputs) and message hooks for the Output widget. Messages from the kernel are
// handled one after another, so a widget's async state update finishes before the next message is seen.

import { nextTask } from './yielding.js';

export const WS_PROTOCOL = 'v1.kernel.websocket.jupyter.org';
const PROTOCOL_VERSION = '5.3';
const LARGE_MESSAGE = 32 * 1024; // bytes
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function asBytes(buffer) {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Encode a message: uint64 LE offset count, uint64 LE offsets, channel, header, parent, metadata, content, buffers. */
export function serialize(msg) {
  const parts = [
    msg.channel,
    JSON.stringify(msg.header),
    JSON.stringify(msg.parent_header || {}),
    JSON.stringify(msg.metadata || {}),
    JSON.stringify(msg.content || {}),
  ].map((text) => encoder.encode(text));
  for (const buffer of msg.buffers || []) parts.push(asBytes(buffer));
  const count = parts.length + 1; // a start offset per part plus the end offset
  const headerSize = 8 * (1 + count);
  const offsets = [headerSize];
  for (const part of parts) offsets.push(offsets[offsets.length - 1] + part.byteLength);
  const out = new Uint8Array(offsets[offsets.length - 1]);
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  offsets.forEach((offset, i) => view.setUint32(8 * (i + 1), offset, true));
  parts.forEach((part, i) => out.set(part, offsets[i]));
  return out.buffer;
}

export function deserialize(data) {
  const view = new DataView(data);
  const count = view.getUint32(0, true);
  const offsets = [];
  for (let i = 0; i < count; i++) offsets.push(view.getUint32(8 * (i + 1), true));
  const part = (i) => data.slice(offsets[i], offsets[i + 1]);
  const json = (i) => JSON.parse(decoder.decode(part(i)));
  const buffers = [];
  for (let i = 5; i < offsets.length - 1; i++) buffers.push(new DataView(part(i)));
  return {
    channel: decoder.decode(part(0)),
    header: json(1),
    parent_header: json(2),
    metadata: json(3),
    content: json(4),
    buffers,
  };
}

/** A comm as ipywidgets' managers expect it (the "classic" comm interface). */
export class Comm {
  constructor(kernel, targetName, commId) {
    this.kernel = kernel;
    this.target_name = targetName;
    this.comm_id = commId;
    this._onMsg = null;
    this._onClose = null;
  }

  _send(msgType, content, callbacks, metadata, buffers) {
    return this.kernel.send('shell', msgType, content, { callbacks, metadata, buffers });
  }

  open(data, callbacks, metadata, buffers) {
    return this._send('comm_open', { comm_id: this.comm_id, target_name: this.target_name, data: data || {} },
      callbacks, metadata, buffers);
  }

  send(data, callbacks, metadata, buffers) {
    return this._send('comm_msg', { comm_id: this.comm_id, data: data || {} }, callbacks, metadata, buffers);
  }

  close(data, callbacks, metadata, buffers) {
    const msgId = this._send('comm_close', { comm_id: this.comm_id, data: data || {} }, callbacks, metadata, buffers);
    this.kernel.comms.delete(this.comm_id);
    return msgId;
  }

  on_msg(callback) { this._onMsg = callback; }

  on_close(callback) { this._onClose = callback; }
}

export class Kernel {
  constructor({ baseUrl, kernelId }) {
    this.baseUrl = baseUrl.replace(/\/?$/, '/');
    this.kernelId = kernelId;
    this.sessionId = uuid();
    this.comms = new Map();
    this.targets = new Map();
    this.hooks = new Map(); // parent msg_id -> hook(msg) returning false to stop other handlers
    this.pending = new Map(); // msg_id -> {callbacks, replied, idle}
    this.chain = Promise.resolve();
    this.ws = null;
  }

  /** Open the websocket; resolves once the kernel answered a kernel_info_request. */
  connect(timeoutMs) {
    const url = new URL(`${this.baseUrl}api/kernels/${encodeURIComponent(this.kernelId)}/channels`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('session_id', this.sessionId);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('kernel did not answer in time')), timeoutMs);
      const ws = new WebSocket(url.href, [WS_PROTOCOL]);
      ws.binaryType = 'arraybuffer';
      this.ws = ws;
      ws.onmessage = (event) => this._receive(event.data);
      ws.onerror = () => { clearTimeout(timer); reject(new Error('websocket error')); };
      ws.onclose = () => { clearTimeout(timer); reject(new Error('websocket closed')); if (this.onclose) this.onclose(); };
      ws.onopen = () => {
        this.send('shell', 'kernel_info_request', {}, {
          callbacks: { shell: { reply: () => { clearTimeout(timer); resolve(); } } },
        });
      };
    });
  }

  send(channel, msgType, content, { callbacks, metadata, buffers } = {}) {
    const msgId = uuid();
    const msg = {
      channel,
      header: {
        msg_id: msgId, msg_type: msgType, session: this.sessionId, username: '',
        date: new Date().toISOString(), version: PROTOCOL_VERSION,
      },
      parent_header: {},
      metadata: metadata || {},
      content,
      buffers: buffers || [],
    };
    if (callbacks) this.pending.set(msgId, { callbacks, replied: !msgType.endsWith('_request'), idle: false });
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(serialize(msg));
    return msgId;
  }

  createComm(targetName, commId) {
    const comm = new Comm(this, targetName, commId || uuid());
    this.comms.set(comm.comm_id, comm);
    return comm;
  }

  registerCommTarget(targetName, handler) { this.targets.set(targetName, handler); }

  registerMessageHook(parentMsgId, hook) { this.hooks.set(parentMsgId, hook); }

  removeMessageHook(parentMsgId) { this.hooks.delete(parentMsgId); }

  _receive(data) {
    let msg;
    try {
      msg = typeof data === 'string' ? JSON.parse(data) : deserialize(data);
    } catch (error) {
      console.error('Literasi: unreadable kernel message', error);
      return;
    }
    // A large message (the states of all the page's widgets, 150–350 KB) took a task to read: it is handled in
    // the next one, so reading and creating the widgets are not one long task.
    const size = typeof data === 'string' ? data.length : data.byteLength;
    const handled = size > LARGE_MESSAGE ? this.chain.then(nextTask) : this.chain;
    this.chain = handled.then(() => this._handle(msg)).catch((error) => console.error(error));
  }

  async _handle(msg) {
    const type = msg.header.msg_type;
    const parentId = msg.parent_header && msg.parent_header.msg_id;
    if (msg.channel === 'iopub' && parentId && this.hooks.has(parentId)) {
      if (this.hooks.get(parentId)(msg) === false) return;
    }
    if (type === 'error') {
      console.error('Literasi: kernel error', msg.content.ename, msg.content.evalue, msg.content.traceback);
    }
    if (msg.channel === 'iopub') {
      if (type === 'comm_open') await this._commOpen(msg);
      else if (type === 'comm_msg') {
        const comm = this.comms.get(msg.content.comm_id);
        if (comm && comm._onMsg) await comm._onMsg(msg);
      } else if (type === 'comm_close') {
        const comm = this.comms.get(msg.content.comm_id);
        this.comms.delete(msg.content.comm_id);
        if (comm && comm._onClose) await comm._onClose(msg);
      }
    }
    const entry = parentId && this.pending.get(parentId);
    if (!entry) return;
    const { callbacks } = entry;
    if (msg.channel === 'shell') {
      entry.replied = true;
      if (callbacks.shell && callbacks.shell.reply) callbacks.shell.reply(msg);
    } else if (msg.channel === 'stdin') {
      if (callbacks.input) callbacks.input(msg);
    } else if (msg.channel === 'iopub' && callbacks.iopub) {
      const iopub = callbacks.iopub;
      if (type === 'status') {
        if (iopub.status) iopub.status(msg);
        if (msg.content.execution_state === 'idle') entry.idle = true;
      } else if (type === 'clear_output') {
        if (iopub.clear_output) iopub.clear_output(msg);
      } else if (['display_data', 'execute_result', 'stream', 'error'].includes(type)) {
        if (iopub.output) iopub.output(msg);
      }
    }
    if (entry.idle && entry.replied) this.pending.delete(parentId);
  }

  async _commOpen(msg) {
    const { comm_id: commId, target_name: targetName } = msg.content;
    const handler = this.targets.get(targetName);
    const comm = new Comm(this, targetName, commId);
    this.comms.set(commId, comm);
    if (!handler) {
      console.warn(`Literasi: no comm target ${targetName}`);
      return;
    }
    try {
      await handler(comm, msg);
    } catch (error) {
      console.error('Literasi: could not open comm', error);
      comm.close();
    }
  }
}
