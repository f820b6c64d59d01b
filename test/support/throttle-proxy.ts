/**
 * A TCP proxy on loopback in front of a local registry whose answers come at
 * a bounded rate, so a pull takes long enough to be interrupted (fault
 * tests). Bytes toward the registry pass as they come; bytes back are held
 * to `bytesPerSecond` across all connections (each 100 ms window lets a
 * tenth through, the upstream socket paused until the next window).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ThrottleProxy {
  /** `127.0.0.1:<port>`: the registry's images under another host name. */
  readonly host: string;
  /** Bytes sent back to clients so far. */
  readonly bytesDown: number;
  stop(): Promise<void>;
}

const WINDOW_MS = 100;

export async function startThrottleProxy(
  upstream: { readonly host: string; readonly port: number },
  bytesPerSecond: number,
): Promise<ThrottleProxy> {
  const budget = Math.max(1, Math.floor((bytesPerSecond * WINDOW_MS) / 1000));
  let windowStart = Date.now();
  let used = 0;
  let bytesDown = 0;
  const sockets = new Set<Socket>();
  const paused = new Set<Socket>();
  const timer = setInterval(() => {
    windowStart = Date.now();
    used = 0;
    for (const s of paused) s.resume();
    paused.clear();
  }, WINDOW_MS);
  timer.unref();

  const server: Server = createServer((client) => {
    const up = connect(upstream.port, upstream.host);
    sockets.add(client).add(up);
    up.on('data', (chunk: Buffer) => {
      if (Date.now() - windowStart >= WINDOW_MS) [windowStart, used] = [Date.now(), 0];
      used += chunk.length;
      bytesDown += chunk.length;
      client.write(chunk);
      if (used >= budget) {
        up.pause();
        paused.add(up);
      }
    });
    client.on('data', (chunk: Buffer) => up.write(chunk));
    const close = () => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
      paused.delete(up);
    };
    for (const s of [client, up]) {
      s.on('error', close);
      s.on('close', close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (typeof addr !== 'object' || addr === null) throw new Error('proxy has no port');
  return {
    host: `127.0.0.1:${addr.port}`,
    get bytesDown() {
      return bytesDown;
    },
    async stop() {
      clearInterval(timer);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
