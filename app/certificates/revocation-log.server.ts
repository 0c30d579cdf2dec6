/**
 * The revocation log: the only source of truth for "revoked". Entries are appended in the revoking
 * transaction, chained (each hash covers the entry and the previous hash) and signed with the
 * certificate key. `verifiedLog()` re-checks the whole chain, so a database edit is detected:
 * clearing `certificates.revoked_at` changes nothing (the signed entry still says revoked), and
 * editing, deleting or reordering entries breaks the chain, which verification reports.
 * The public status list (W3C Bitstring Status List) is computed from the verified log.
 */
import { createHash, sign, verify as verifySignature } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { getKeyRing } from './keys.server';
import { publicJwk } from './signing.server';

export const GENESIS_HASH = createHash('sha256').update('aula:certificate-revocations:v1').digest('hex');

export interface RevocationEntry {
  code: string;
  statusIndex: number;
  reason: string;
  revokedAt: string;
}

/** Canonical JSON of an entry with its predecessor: keys in a fixed order, no whitespace. */
export function canonicalEntry(e: RevocationEntry, prevHash: string): string {
  return JSON.stringify({ code: e.code, prevHash, reason: e.reason, revokedAt: e.revokedAt, statusIndex: e.statusIndex, v: 1 });
}

export function entryHash(e: RevocationEntry, prevHash: string): string {
  return createHash('sha256').update(canonicalEntry(e, prevHash), 'utf8').digest('hex');
}

/** Appends one revocation to the chain (inside the revoking transaction). */
export async function appendRevocation(tx: Tx, entry: RevocationEntry & { actorId: string | null }): Promise<string> {
  // One writer at a time extends the chain (transaction-scoped advisory lock).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('aula:certificate-revocations', 0))`);
  const r = schema.certificateRevocations;
  const [last] = await tx.select({ hash: r.hash }).from(r).orderBy(desc(r.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(entry, prevHash);
  const ring = await getKeyRing(tx);
  const signature = sign(null, Buffer.from(hash, 'hex'), ring.current).toString('base64url');
  await tx.insert(r).values({
    code: entry.code,
    statusIndex: entry.statusIndex,
    reason: entry.reason,
    revokedAt: entry.revokedAt,
    actorId: entry.actorId,
    prevHash,
    hash,
    keyId: publicJwk(ring.current).kid,
    signature,
  });
  cache = null;
  return hash;
}

export interface VerifiedLog {
  /** false when any entry was edited, removed, reordered or not signed by a known key */
  intact: boolean;
  /** the id of the first entry that does not verify */
  brokenAt: number | null;
  revoked: Map<string, RevocationEntry & { hash: string }>;
  head: string;
  length: number;
}

let cache: { key: string; log: VerifiedLog } | null = null;

/** The whole chain, verified (cached while it does not change). */
export async function verifiedLog(): Promise<VerifiedLog> {
  const db = await getDb();
  const r = schema.certificateRevocations;
  // A digest of every stored field: any edit of any row invalidates the cached verification.
  const [tip] = await db
    .select({
      n: sql<number>`count(*)::int`,
      digest: sql<
        string | null
      >`md5(string_agg(${r.id}::text || '|' || ${r.code} || '|' || ${r.statusIndex} || '|' || ${r.reason} || '|' || ${r.revokedAt} || '|' || ${r.prevHash} || '|' || ${r.hash} || '|' || ${r.keyId} || '|' || ${r.signature}, ',' order by ${r.id}))`,
    })
    .from(r);
  const key = `${tip?.n}:${tip?.digest}`;
  if (cache && cache.key === key) return cache.log;
  const rows = await db.select().from(r).orderBy(r.id);
  const ring = await getKeyRing();
  const revoked = new Map<string, RevocationEntry & { hash: string }>();
  let prev = GENESIS_HASH;
  let brokenAt: number | null = null;
  for (const row of rows) {
    const entry = { code: row.code, statusIndex: row.statusIndex, reason: row.reason, revokedAt: row.revokedAt };
    const pub = ring.verification.get(row.keyId)?.key;
    const ok =
      row.prevHash === prev &&
      entryHash(entry, prev) === row.hash &&
      pub !== undefined &&
      (() => {
        try {
          return verifySignature(null, Buffer.from(row.hash, 'hex'), pub, Buffer.from(row.signature, 'base64url'));
        } catch {
          return false;
        }
      })();
    if (!ok) {
      brokenAt = row.id;
      break;
    }
    revoked.set(row.code, { ...entry, hash: row.hash });
    prev = row.hash;
  }
  const log: VerifiedLog = { intact: brokenAt === null, brokenAt, revoked, head: prev, length: rows.length };
  cache = { key, log };
  if (!log.intact) console.error(`[certificati] registro delle revoche alterato alla voce ${brokenAt}: le verifiche rispondono «non valido»`);
  return log;
}

/** W3C Bitstring Status List: at least 131,072 bits (16 KB), so that one entry says nothing about whose it is. */
export const STATUS_LIST_BITS = 131_072;

/** The revocation bitstring (bit i = certificate with status index i is revoked; bit 0 is the first byte's highest bit). */
export function revocationBitstring(log: VerifiedLog): Buffer {
  const size = Math.max(STATUS_LIST_BITS, Math.ceil((Math.max(0, ...[...log.revoked.values()].map((e) => e.statusIndex)) + 1) / 8) * 8);
  const bits = Buffer.alloc(size / 8);
  for (const e of log.revoked.values()) bits[e.statusIndex >> 3]! |= 0x80 >> (e.statusIndex & 7);
  return bits;
}
