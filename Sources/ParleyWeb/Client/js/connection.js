// One WebSocket to parleyd, kept open: says hello with the token, reconnects with backoff and
// jitter after any close but 4001, and reports its state. What to do once welcomed (resume,
// re-send) is the session's job; this module only moves frames.

import { backoffDelay, closeAction } from './policy.js';

export class Connection {
  /**
   * @param {object} o
   * @param {string} o.url ws://host:port/ws
   * @param {() => string|null} o.token current token
   * @param {(frame: object) => void} o.onFrame every frame received
   * @param {(state: {status: string, retryIn?: number, reason?: string}) => void} o.onStatus
   * @param {(reason: string) => void} o.onUnauthorized close 4001: the token is no good
   */
  constructor({ url, token, onFrame, onStatus, onUnauthorized, WebSocketImpl = globalThis.WebSocket,
    setTimer = (f, ms) => setTimeout(f, ms), random = Math.random }) {
    Object.assign(this, { url, token, onFrame, onStatus, onUnauthorized, WebSocketImpl, setTimer, random });
    this.ws = null;
    this.attempt = 0;
    this.ready = false;
    this.stopped = false;
    this.lastError = null;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close(1000, 'bye');
  }

  /** Sends a frame if the session is welcomed; returns whether it went out. */
  send(frame) {
    if (!this.ready || !this.ws) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  open() {
    this.onStatus({ status: 'connecting' });
    const ws = new this.WebSocketImpl(this.url);
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', version: 1, token: this.token() }));
    };
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === 'welcome') {
        this.ready = true;
        this.attempt = 0;
        this.onStatus({ status: 'online' });
      }
      if (frame.type === 'error' && frame.code === 'unauthorized') this.lastError = frame.message;
      this.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ready = false;
      this.ws = null;
      if (this.stopped) return;
      const action = closeAction(event.code);
      if (action === 'signin') {
        this.stopped = true;
        this.onUnauthorized(this.lastError || event.reason || 'the server refused the token');
        return;
      }
      const delay = backoffDelay(action === 'backoff' ? this.attempt + 4 : this.attempt, { random: this.random });
      this.attempt += 1;
      this.onStatus({ status: 'offline', retryIn: delay, code: event.code });
      this.setTimer(() => { if (!this.stopped) this.open(); }, delay);
    };
  }
}
