// A small static file server for the page: `node scripts/static-server.mjs
// [root] [port]` serves `root` (default www) on http://127.0.0.1:port
// (default 8080; 0 picks a free port). Tests import `startServer`.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ts": "text/plain; charset=utf-8",
};

/** Serves the files under `root`; resolves to `{ url, close }` once listening. */
export async function startServer({ root = "www", host = "127.0.0.1", port = 8080 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const path = await fileFor(base, request.url ?? "/");
    if (!path) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
    } else {
      response.writeHead(200, {
        "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
        "Cache-Control": "no-cache",
      });
      if (request.method === "HEAD") response.end();
      else createReadStream(path).pipe(response);
    }
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, done);
  });
  const url = `http://${host}:${server.address().port}/`;
  return { url, close: () => new Promise((done) => server.close(done)) };
}

/** The file a request path names inside `base`, or null (missing, or outside). */
async function fileFor(base, url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return null;
  }
  let path = resolve(join(base, pathname));
  if (path !== base && !path.startsWith(base + sep)) return null;
  try {
    if ((await stat(path)).isDirectory()) path = join(path, "index.html");
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = "www", port = "8080"] = process.argv.slice(2);
  const { url } = await startServer({ root, port: Number(port) });
  console.log(`Serving ${root}/ at ${url} (Ctrl-C to stop)`);
}
