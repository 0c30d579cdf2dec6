/**
 * The end-to-end suite's SMTP server: a real SMTP server (SmtpSink) on E2E_SMTP_PORT, and a small
 * HTTP reader on E2E_SMTP_API_PORT so that tests (another process) can read what arrived:
 * GET /messages?to=<address> → JSON, GET /health → 200. Started by Playwright as a web server.
 */
import http from 'node:http';
import { SmtpSink } from './smtp-sink';

const smtpPort = Number(process.env.E2E_SMTP_PORT || 3125);
const apiPort = Number(process.env.E2E_SMTP_API_PORT || 3126);
const sink = new SmtpSink(smtpPort);
await sink.start();

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    if (url.pathname === '/messages') {
      const to = url.searchParams.get('to');
      const list = (to ? sink.to(to) : sink.received).map((m) => ({ to: m.to, subject: m.subject, text: m.text, html: m.html, lang: m.lang, messageId: m.messageId }));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    res.writeHead(404).end();
  })
  .listen(apiPort, '127.0.0.1', () => console.log(`smtp sink on ${smtpPort}, reader on ${apiPort}`));
