/**
 * A real SMTP server for the tests (the `smtp-server` package), in-process: it accepts every message
 * (or refuses recipients the test names with 550), parses it with `mailparser`, and keeps it for the
 * test to read. It can be stopped and started again on the same port to simulate an outage.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  lang: string | null;
  headers: Map<string, unknown>;
  raw: ParsedMail;
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  /** recipients answered with a permanent 550 */
  readonly refuse = new Set<string>();
  private waiters: Array<() => void> = [];
  /** connection errors seen after start (e.g. ECONNRESET from a killed client) */
  readonly connectionErrors: string[] = [];

  constructor(public port = 0) {}

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, cb) => {
        if (this.refuse.has(address.address.toLowerCase())) {
          const err = new Error('550 5.1.1 Mailbox unavailable: utente sconosciuto') as Error & { responseCode: number };
          err.responseCode = 550;
          cb(err);
          return;
        }
        cb();
      },
      onData: (stream, session, cb) => {
        simpleParser(stream)
          .then((mail) => {
            const html = typeof mail.html === 'string' ? mail.html : '';
            this.received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html,
              messageId: mail.messageId ?? '',
              lang: /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1] ?? null,
              headers: mail.headers,
              raw: mail,
            });
            for (const w of this.waiters.splice(0)) w();
            cb();
          })
          .catch((e: Error) => cb(e));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    // A client killed mid-conversation (the fault tests kill the app with -9) resets its connection;
    // smtp-server reports that as an 'error' event, which without a listener is an uncaught exception.
    this.server.on('error', (error: Error & { code?: string }) => {
      this.connectionErrors.push(error.code ?? error.message);
    });
    const address = (this.server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
    return this.port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits until `predicate` holds over the received messages (or fails after `timeoutMs`). */
  async waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SMTP: condizione non raggiunta in ${timeoutMs} ms (${this.received.length} messaggi ricevuti)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
