/**
 * Serves the built renderer (out/renderer) to the browser: files only from that folder,
 * no traversal or symlink escapes, the right content types, and index.html never cached.
 * The build's hashed assets (`assets/<name>-<hash>.js`: a new build gives new names) are
 * cached for good, so a reload fetches no script again and the browser reuses its compiled
 * code; anything else is revalidated.
 */
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite's hashed asset names: `assets/page-root-B6PjQI0G.js` (an 8-character content hash before the extension). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

const NOT_BUILT_MESSAGE = 'The web console is not built: run `npm run build` first.';

/** Checks that the renderer has been built; throws with what to run if not. */
export function assertRendererBuilt(staticDir: string): void {
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(NOT_BUILT_MESSAGE);
}

function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export async function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveInside(staticDir, pathname === '/' ? '/index.html' : pathname);
  if (!file) {
    sendText(res, 404, 'Not found');
    return;
  }
  const isIndex = file.path === file.root + sep + 'index.html';
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file.path),
    'Content-Length': file.size,
    'Cache-Control': isIndex ? 'no-store' : HASHED_ASSET.test(file.path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The real path and size of a regular file inside root named by a URL path, or null. */
async function resolveInside(root: string, pathname: string): Promise<{ path: string; root: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const realRoot = await realpath(resolve(root));
  const candidate = resolve(realRoot, `.${decoded}`);
  if (!candidate.startsWith(realRoot + sep)) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, root: realRoot, size: info.size } : null;
  } catch {
    return null;
  }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
