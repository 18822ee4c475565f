import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server for one test; `url` is its base URL. */
export interface Loopback {
  url: string;
  close(): Promise<void>;
}

export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An echo endpoint that answers `body` as text (or with a content type). */
export function echo(body: string, contentType = 'text/plain', status = 200): Promise<Loopback> {
  return serve((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
}

/** An echo endpoint that never answers within a test's timeout. */
export function slow(delayMs = 5000): Promise<Loopback> {
  return serve((_req, res) => {
    const t = setTimeout(() => res.end('203.0.113.7\n'), delayMs);
    res.on('close', () => clearTimeout(t));
  });
}
