import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, url: URL, hit: number) => { status?: number; body: unknown };

/** A loopback REST API: routes by pathname, counts hits per route, records every request. */
export async function apiServer(routes: Record<string, Handler>): Promise<{ url: string; requests: { path: string; auth?: string }[]; close: () => Promise<void>; server: Server }> {
  const hits = new Map<string, number>();
  const requests: { path: string; auth?: string }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = (req.headers['authorization'] ?? req.headers['private-token']) as string | undefined;
    requests.push(auth === undefined ? { path: url.pathname + url.search } : { path: url.pathname + url.search, auth });
    const handler = routes[url.pathname];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const hit = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, hit);
    const { status = 200, body } = handler(req, url, hit);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
