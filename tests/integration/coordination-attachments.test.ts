/**
 * Training done elsewhere with its certificate attached, against the real database: a PDF is stored
 * with its record and given back only to a coordinator whose scope holds the person; a file that is
 * not a PDF, PNG or JPEG by its bytes, a mislabelled one, SVG and an oversized one are refused with
 * nothing recorded at all.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '~/auth/session.server';
import { ATTACHMENT_MAX_BYTES, getPersonDetail, readTrainingAttachment, recordTraining } from '~/coordination/person.server';
import { action } from '~/routes/coordinamento.persone_.$id';
import { loader as download } from '~/routes/coordinamento.persone_.$id_.attestati.$record';
import { getDb, schema } from '~/utils/db.server';
import { pngImage, SVG_WITH_SCRIPT } from '../fixtures/images';
import { twoNetworks } from './coordination-helpers';
import { routeArgs, thrownError } from './helpers';

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));
const input = { title: 'Corso SNA sul Patto UE', provider: 'Scuola Nazionale dell’Amministrazione', completedOn: '2026-10-15', hours: 6 };

async function records(userId: string) {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(schema.trainingRecords).where(eq(schema.trainingRecords.userId, userId));
  const [a] = await db.select({ n: count() }).from(schema.trainingAttachments).where(eq(schema.trainingAttachments.userId, userId));
  return { records: Number(r!.n), attachments: Number(a!.n) };
}

let previousTotp: string | undefined;
beforeAll(() => {
  // The coordinators here have no second factor (PostgreSQL's default would require one before any staff page).
  previousTotp = process.env.AULA_TOTP_REQUIRED;
  process.env.AULA_TOTP_REQUIRED = 'false';
});
afterAll(() => {
  if (previousTotp === undefined) delete process.env.AULA_TOTP_REQUIRED;
  else process.env.AULA_TOTP_REQUIRED = previousTotp;
});

describe('training records with an attachment', () => {
  it('stores a PDF with the record, lists it in the ledger and gives it back only within scope', async () => {
    const n = await twoNetworks();
    const ok = await recordTraining({ actorId: n.coordinator.id, userId: n.pA1.id, input, attachment: { fileName: 'attestato-sna.pdf', declaredType: 'application/pdf', bytes: PDF } });
    expect(ok).toEqual({ ok: true });
    const detail = await getPersonDetail({ actorId: n.coordinator.id, userId: n.pA1.id });
    const row = detail!.ledger.find((l) => l.kind === 'external')!;
    expect(row.attachment).toBe('attestato-sna.pdf');
    const file = await readTrainingAttachment({ actorId: n.coordinator.id, userId: n.pA1.id, recordId: row.recordId! });
    expect(file?.mime).toBe('application/pdf');
    expect(Buffer.from(file!.bytes).equals(Buffer.from(PDF))).toBe(true);

    // Through the route: a download, private and never cached; a coordinator of the other network gets 404.
    const { token } = await createSession({ userId: n.coordinator.id });
    const url = `http://localhost/coordinamento/persone/${n.pA1.id}/attestati/${row.recordId}`;
    const res = (await download(routeArgs(new Request(url, { headers: { Cookie: `aula_session=${token}` } }), { params: { id: n.pA1.id, record: row.recordId! } }))) as Response;
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="attestato-sna\.pdf"/);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    const other = await twoNetworks();
    const { token: otherToken } = await createSession({ userId: other.coordinator.id });
    const denied = await thrownError(download(routeArgs(new Request(url, { headers: { Cookie: `aula_session=${otherToken}` } }), { params: { id: n.pA1.id, record: row.recordId! } })));
    expect(denied.status).toBe(404);
    // The right person with another person's record id: 404 as well.
    const forged = await thrownError(download(routeArgs(new Request(url, { headers: { Cookie: `aula_session=${token}` } }), { params: { id: n.pA1.id, record: n.pA1.id } })));
    expect(forged.status).toBe(404);
  });

  it('refuses a file that is not a PDF, PNG or JPEG, a mislabelled one and an oversized one, recording nothing', async () => {
    const n = await twoNetworks();
    const cases: Array<[string, string, Uint8Array, string]> = [
      ['logo.svg', 'image/svg+xml', new Uint8Array(SVG_WITH_SCRIPT), 'attachmentType'],
      ['programma.exe', 'application/octet-stream', new Uint8Array(Buffer.from('MZ\x90\x00 not a document')), 'attachmentType'],
      ['attestato.pdf', 'application/pdf', new Uint8Array(pngImage(4, 4, 3)), 'attachmentType'],
      ['attestato.pdf', 'application/pdf', new Uint8Array(ATTACHMENT_MAX_BYTES + 1).fill(0x25), 'attachmentTooLarge'],
    ];
    for (const [fileName, declaredType, bytes, reason] of cases) {
      expect(await recordTraining({ actorId: n.coordinator.id, userId: n.pA1.id, input, attachment: { fileName, declaredType, bytes } })).toEqual({ ok: false, reason });
    }
    expect(await records(n.pA1.id)).toEqual({ records: 0, attachments: 0 });

    // Through the form: an Italian message next to the field, status 415, nothing stored.
    const { token } = await createSession({ userId: n.coordinator.id });
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: 'training', title: input.title, provider: input.provider, completedOn: input.completedOn, hours: '6' })) form.set(k, v);
    form.set('attachment', new Blob([new Uint8Array(SVG_WITH_SCRIPT)], { type: 'image/svg+xml' }), 'logo.svg');
    const request = new Request(`http://localhost/coordinamento/persone/${n.pA1.id}`, { method: 'POST', body: form, headers: { Cookie: `aula_session=${token}`, Origin: 'http://localhost' } });
    const result = (await action(routeArgs(request, { params: { id: n.pA1.id } }))) as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(result.init.status).toBe(415);
    expect(result.data.errors.attachment).toMatch(/^L’attestato deve essere un PDF, un PNG o un JPEG/);
    expect(await records(n.pA1.id)).toEqual({ records: 0, attachments: 0 });
  });
});
