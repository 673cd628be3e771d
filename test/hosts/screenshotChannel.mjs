// A tiny HTTP server on 127.0.0.1 through which a suite in the extension host asks the runner, which holds
// the browser page, for a workbench screenshot: GET /screenshot?name=<name>[&scrollTo=<selector>] -> {"path": "..."}
// (scrollTo: an element of a webview scrolled into view first).
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function safeName(name) {
  const cleaned = String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 120);
  return cleaned || 'screenshot';
}

/** capture(file, scrollTo) takes the screenshot (scrollTo: a selector or null). Returns { url, close(), taken: string[] }. */
export async function startScreenshotChannel(dir, capture, log = () => {}) {
  mkdirSync(dir, { recursive: true });
  const taken = [];
  const server = createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/screenshot' || !url.searchParams.get('name')) {
      reply(400, { error: 'expected GET /screenshot?name=<name>' });
      return;
    }
    const file = join(dir, `${safeName(url.searchParams.get('name'))}.png`);
    try {
      await capture(file, url.searchParams.get('scrollTo'));
      taken.push(file);
      log(`screenshot saved: ${file}`);
      reply(200, { path: file });
    } catch (err) {
      reply(500, { error: String(err?.message ?? err).split('\n')[0] });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/screenshot`,
    taken,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
