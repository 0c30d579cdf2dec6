// The server: node:http, static files, and the app's fetch handler (app/http/handler.server.ts)
// through @remix-run/node-fetch-server. Plain JS so that it runs with `node` alone; the app's own
// code comes from the build (or, with --dev, from Vite's dev server, with the same handler).
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequestListener } from '@remix-run/node-fetch-server';
import { createRequestHandler } from '@remix-run/node';

const dev = process.argv.includes('--dev');
const buildDir = process.env.AULA_BUILD_DIR || 'build';
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const trustProxy = process.env.TRUST_PROXY === 'true';

let vite;
let build;
if (dev) {
  const { createServer } = await import('vite');
  vite = await createServer({ server: { middlewareMode: true }, appType: 'custom' });
  build = await vite.ssrLoadModule('virtual:remix/server-build');
} else {
  build = await import(path.resolve(buildDir, 'server/index.js'));
}
const entry = build.entry.module;

// On PostgreSQL one worker per core (WEB_CONCURRENCY overrides); PGlite belongs to one process.
const workers = process.env.DATABASE_URL && !dev ? Math.max(1, Number(process.env.WEB_CONCURRENCY || os.availableParallelism())) : 1;

if (cluster.isPrimary && workers > 1) {
  const info = await entry.bootstrap();
  await entry.closeDb();
  announce(info);
  for (let i = 0; i < workers; i++) cluster.fork({ AULA_WORKER: '1' });
  let stopping = false;
  const stopAll = (signal) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that dies unexpectedly is replaced (after a pause, so a crash loop cannot spin).
    console.error(`[aula] processo ${worker.process.pid} terminato (${signal ?? code}): lo sostituisco`);
    setTimeout(() => cluster.fork({ AULA_WORKER: '1' }), 1000);
  });
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGTERM'));
} else {
  const info = process.env.AULA_WORKER ? null : await entry.bootstrap();
  serve(info);
}

function announce(info) {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`\n[aula] in ascolto su http://${shown}:${port} (${info.database}${workers > 1 ? `, ${workers} processi` : ''})`);
  for (const line of info.notes ?? []) console.log(`[aula] ${line}`);
  if (info.demo) {
    console.log(`[aula] account dimostrativi (password ${info.password}):`);
    for (const a of info.accounts) console.log(`         ${a.role.padEnd(12)} ${a.email}`);
  }
}

/** Files of the client build, read once: hashed assets cached for a year, the rest for an hour. */
function staticFiles() {
  const root = path.join(buildDir, 'client');
  const files = new Map();
  const types = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.ttf': 'font/ttf',
    '.json': 'application/json',
    '.txt': 'text/plain; charset=utf-8',
    '.webmanifest': 'application/manifest+json',
  };
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else {
        const url = '/' + path.relative(root, full).split(path.sep).join('/');
        const body = fs.readFileSync(full);
        const type = types[path.extname(name)] ?? 'application/octet-stream';
        const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
        files.set(url, {
          body,
          gzip: compressible ? zlib.gzipSync(body, { level: 9 }) : null,
          type,
          cache: url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        });
      }
    }
  };
  walk(root);
  return files;
}

function serve(info) {
  const files = dev ? new Map() : staticFiles();
  // In development the build is loaded again on every request, so server changes apply at once.
  const remix = dev ? createRequestHandler(() => vite.ssrLoadModule('virtual:remix/server-build'), 'development') : createRequestHandler(build, 'production');
  const handler = entry.createFetchHandler({ build, remix, production: !dev });
  const listener = createRequestListener(handler, { trustProxy });

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = files.get(req.url.split('?')[0]);
      if (file) {
        const gzip = file.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
        const body = gzip ? file.gzip : file.body;
        res.writeHead(200, {
          'Content-Type': file.type,
          'Content-Length': body.length,
          'Cache-Control': file.cache,
          'X-Content-Type-Options': 'nosniff',
          Vary: 'Accept-Encoding',
          ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
    }
    if (vite) vite.middlewares(req, res, () => listener(req, res));
    else listener(req, res);
  });
  server.keepAliveTimeout = 65_000;

  server.listen(port, host, () => {
    if (info) announce(info);
  });
  // Mail delivery and scheduled jobs run in every serving process (they coordinate through the database).
  entry.startBackground().catch((error) => console.error('[aula] lavori in background non avviati:', error));

  let closing = false;
  async function shutdown(signal) {
    if (closing) return;
    closing = true;
    console.log(`[aula] ${signal}: chiusura`);
    server.close();
    server.closeAllConnections?.();
    try {
      await entry.stopBackground();
      await entry.closeDb();
      await vite?.close();
    } finally {
      process.exit(0);
    }
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
