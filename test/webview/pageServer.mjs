// The local HTTP server behind the webview test pages and the webview benchmark: `/page` is the test page
// (built by the caller for each request), `/bulk` keeps files a page posts (bulk messages, as the replay
// worker writes them) and serves them back at `/bulk/<n>`; everything else is served from dist/ only.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const MIME = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.html': 'text/html' };

/** Starts the server on 127.0.0.1 (a free port); `page(origin, url)` returns the HTML of `/page`. */
export async function startPageServer(root, page) {
  const bulk = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/bulk' && req.method === 'POST') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const id = String(bulk.size + 1);
        bulk.set(id, Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`/bulk/${id}`);
      });
      return;
    }
    if (url.pathname.startsWith('/bulk/')) {
      const body = bulk.get(url.pathname.slice('/bulk/'.length));
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(body);
      return;
    }
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(`http://${req.headers.host}`, url));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    const file = join(root, path);
    if (!path.startsWith('dist/') || path.includes('..') || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
