/**
 * A fake Socket Mode endpoint: the WebSocket Slack hands out from apps.connections.open. It says
 * hello, sends envelopes (events, interactions) and collects the acks the app sends back. Just
 * enough of RFC 6455 for that: unfragmented text frames, ping/pong and close.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** Reads complete client frames (always masked) off the front of `buf`. */
function readFrames(buf: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const opcode = (buf[at] ?? 0) & 0x0f;
    let len = (buf[at + 1] ?? 0) & 0x7f;
    let offset = at + 2;
    if (len === 126) {
      if (buf.length < offset + 2) break;
      len = buf.readUInt16BE(offset);
      offset += 2;
    } else if (len === 127) {
      if (buf.length < offset + 8) break;
      len = Number(buf.readBigUInt64BE(offset));
      offset += 8;
    }
    if (buf.length < offset + 4 + len) break;
    const mask = buf.subarray(offset, offset + 4);
    const payload = Buffer.from(buf.subarray(offset + 4, offset + 4 + len).map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
    frames.push({ opcode, payload });
    at = offset + 4 + len;
  }
  return { frames, rest: buf.subarray(at) };
}

export class FakeSocketMode {
  readonly acks: Array<{ envelope_id: string; payload?: unknown }> = [];
  private readonly sockets = new Set<Duplex>();
  private seq = 0;

  /** Serves WebSocket upgrades on /socket of the fake Web API's server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.upgrade(req, socket));
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** Sends an envelope to every connected app; returns its envelope id. */
  send(type: 'events_api' | 'interactive' | 'slash_commands', payload: unknown): string {
    const envelope_id = `env-${++this.seq}`;
    const body = JSON.stringify({
      envelope_id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
      retry_reason: '',
    });
    for (const s of this.sockets) s.write(frame(0x1, Buffer.from(body)));
    return envelope_id;
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (!req.url?.startsWith('/socket') || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) this.onFrame(socket, f.opcode, f.payload);
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    socket.write(
      frame(
        0x1,
        Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0REFLECT' } })),
      ),
    );
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === 0x9)
      socket.write(frame(0xa, payload)); // ping → pong
    else if (opcode === 0x8) {
      socket.end(frame(0x8, payload.subarray(0, 2)));
      this.sockets.delete(socket);
    } else if (opcode === 0x1) this.acks.push(JSON.parse(payload.toString('utf8')) as { envelope_id: string });
  }
}
