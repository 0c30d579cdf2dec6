/**
 * A throw-away PostgreSQL 15 cluster for fault tests: `initdb` into a temporary directory, the
 * postmaster on a free port, so that a test can `kill -9` it and start it again. Runs the server as
 * the `postgres` system user when the tests run as root (PostgreSQL refuses to run as root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[]) {
  const full = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} fallito: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class ThrowawayPostgres {
  readonly dir: string;
  port = 0;
  private child: ChildProcess | null = null;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aula-pg-'));
    if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', this.dir]);
    run(path.join(BIN, 'initdb'), ['-D', path.join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts (or restarts) the postmaster on the same port, and waits until it accepts connections. */
  async start(): Promise<void> {
    this.port ||= await freePort();
    const args = ['-D', path.join(this.dir, 'data'), '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.dir}`, '-c', 'fsync=on'];
    const cmd = path.join(BIN, 'postgres');
    this.child = asRoot ? spawn('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' }) : spawn(cmd, args, { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      const ok = spawnSync(path.join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port)]).status === 0;
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('il cluster PostgreSQL di prova non è partito');
  }

  /** The postmaster's pid (from postmaster.pid: the runuser wrapper is not the server). */
  postmasterPid(): number {
    const first = fs.readFileSync(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
    return Number(first);
  }

  /** kill -9 of the postmaster, as a crash would do; waits until the port refuses connections. */
  async crash(): Promise<void> {
    process.kill(this.postmasterPid(), 'SIGKILL');
    for (let i = 0; i < 100; i++) {
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect(this.port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (!open) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Backends exit by themselves once their postmaster is gone (they watch for its death).
    await new Promise((r) => setTimeout(r, 500));
    this.child = null;
  }

  async stop(): Promise<void> {
    try {
      process.kill(this.postmasterPid(), 'SIGQUIT');
    } catch {
      /* not running */
    }
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
