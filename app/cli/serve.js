// Production server: Express + Remix request handler on the built app.
// Plain JS so that it runs with `node` alone; the app's own code comes from the build.
import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';

const buildDir = process.env.AULA_BUILD_DIR || 'build';
const build = await import(path.resolve(buildDir, 'server/index.js'));
const { bootstrap, closeDb, newRequestId, REQUEST_ID_HEADER } = build.entry.module;

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
// On PostgreSQL one worker per core (WEB_CONCURRENCY overrides); PGlite belongs to one process.
const workers = process.env.DATABASE_URL ? Math.max(1, Number(process.env.WEB_CONCURRENCY || os.availableParallelism())) : 1;

if (cluster.isPrimary && workers > 1) {
  const info = await bootstrap();
  await closeDb();
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
  const info = process.env.AULA_WORKER ? null : await bootstrap();
  serve(info);
}

function announce(info) {
  const url = `http://localhost:${port}`;
  console.log(`\n[aula] in ascolto su ${url} (database: ${info.kind === 'pglite' ? 'PGlite integrato in .data/' : 'PostgreSQL'}${workers > 1 ? `, ${workers} processi` : ''})`);
  if (info.demo) {
    console.log(`[aula] account dimostrativi (password ${info.password}):`);
    for (const a of info.accounts) console.log(`         ${a.role.padEnd(12)} ${a.email}`);
  }
}

function serve(info) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY === 'true');
  app.use(compression());

  // Non-GET requests whose Origin is foreign are refused (CSRF defence in depth; cookies are SameSite=Lax).
  app.use((req, res, next) => {
    req.headers['x-request-id'] ??= randomUUID();
    // Internal, always overwritten: lets the loaders of one HTTP request share its session lookup.
    req.headers[REQUEST_ID_HEADER] = newRequestId();
    // The client address for per-IP limits: the socket's, or X-Forwarded-For's only with TRUST_PROXY=true.
    req.headers['x-aula-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const origin = req.get('origin');
    if (!origin) return next();
    let originHost;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = '';
    }
    if (originHost !== req.get('host')) {
      res.status(403).type('text/plain; charset=utf-8').send('Richiesta rifiutata: proviene da un altro sito.');
      return;
    }
    next();
  });

  app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }));
  // Other public files (favicon…) have an extension; pages never do, so they skip the disk lookup.
  const publicFiles = express.static(path.join(buildDir, 'client'), { maxAge: '1h' });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  // Per-request context: for an HTML document (not a `.data` request), the module and card bodies
  // that entry.server writes into the page once instead of also in the hydration data.
  const getLoadContext = (req) => (req.path.endsWith('.data') ? {} : { contentBodies: new Map() });
  app.all('*', createRequestHandler({ build, mode: 'production', getLoadContext }));

  const server = app.listen(port, host, () => {
    if (info) announce(info);
  });

  let closing = false;
  async function shutdown(signal) {
    if (closing) return;
    closing = true;
    console.log(`[aula] ${signal}: chiusura`);
    server.close();
    server.closeAllConnections?.();
    try {
      await closeDb();
    } finally {
      process.exit(0);
    }
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
