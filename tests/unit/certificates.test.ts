import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { issueOpenBadgeJwt, OB_CONTEXT_V3, VC_CONTEXT_V2, verifyOpenBadgeJwt } from '~/certificates/badge.server';
import { CERTIFICATE_CODE_ALPHABET, CERTIFICATE_CODE_PATTERN, generateCertificateCode, normalizeCertificateCode } from '~/certificates/code';
import { qrPng, renderCertificatePdf, type CertificatePdfData } from '~/certificates/pdf.server';
import { canonicalPayload, generateSigningKeyPem, parseSigningKey, publicJwk, signPayload, verifyPayload, type CertificatePayload } from '~/certificates/signing.server';
import { extractImages } from '../fixtures/pdf-qr';

const key = parseSigningKey(generateSigningKeyPem());
const otherKey = parseSigningKey(generateSigningKeyPem());

const payload: CertificatePayload = {
  code: '7KQ2-M9XD-4HTR',
  holderName: 'Maria Rossi',
  courseSlug: 'dream',
  courseTitle: "Diritto dell'immigrazione e dell'asilo per gli operatori dei servizi pubblici e del privato sociale",
  courseVersion: '2026.1',
  hours: 18,
  issuers: ["DREAM – Scuola Superiore Sant'Anna", 'Prefettura di Lucca – progetto LUMIT'],
  issuedAt: '2026-03-12T09:30:00.000Z',
};

describe('certificate codes', () => {
  it('generates 1000 unique codes in the XXXX-XXXX-XXXX format with at least 60 random bits', () => {
    const codes = Array.from({ length: 1000 }, () => generateCertificateCode());
    expect(new Set(codes).size).toBe(1000);
    for (const code of codes) {
      expect(code).toMatch(CERTIFICATE_CODE_PATTERN);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(code).not.toMatch(/[ILOU]/);
      const symbols = code.replace(/-/g, '');
      expect(symbols.length * Math.log2(CERTIFICATE_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
      expect(normalizeCertificateCode(code)).toBe(code);
    }
    // Every symbol of the alphabet turns up (12 000 draws from 32 symbols).
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
  });

  it('normalises lower case, missing dashes, spaces and O/0, I/L/1 confusions', () => {
    expect(normalizeCertificateCode('7kq2-m9xd-4htr')).toBe('7KQ2-M9XD-4HTR');
    expect(normalizeCertificateCode('7KQ2M9XD4HTR')).toBe('7KQ2-M9XD-4HTR');
    expect(normalizeCertificateCode('  7KQ2 M9XD 4HTR ')).toBe('7KQ2-M9XD-4HTR');
    expect(normalizeCertificateCode('7kq2 – m9xd – 4htr')).toBe('7KQ2-M9XD-4HTR');
    expect(normalizeCertificateCode('O0OO-IL1i-lAB9')).toBe('0000-1111-1AB9');
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    expect(normalizeCertificateCode('')).toBeNull();
    expect(normalizeCertificateCode('7KQ2-M9XD-4HT')).toBeNull();
    expect(normalizeCertificateCode('7KQ2-M9XD-4HTRX')).toBeNull();
    expect(normalizeCertificateCode('7KQ2-M9XD-4HTU')).toBeNull();
    expect(normalizeCertificateCode('7KQ2-M9XD-4HT!')).toBeNull();
    expect(normalizeCertificateCode('7KQ2_M9XD_4HTR')).toBeNull();
    expect(normalizeCertificateCode('7KQ2-M9XD-4HTÉ')).toBeNull();
  });
});

describe('certificate signature', () => {
  it('verifies a signature made with the key', () => {
    const signature = signPayload(payload, key);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyPayload(payload, signature, key)).toBe(true);
    expect(verifyPayload(payload, signature, publicJwk(key))).toBe(true);
  });

  it('fails when any single signed field changes', () => {
    const signature = signPayload(payload, key);
    const changes: Array<Partial<CertificatePayload>> = [
      { code: '7KQ2-M9XD-4HTS' },
      { holderName: 'Maria Rosi' },
      { courseSlug: 'dream-2' },
      { courseTitle: `${payload.courseTitle}.` },
      { courseVersion: '2026.2' },
      { hours: 19 },
      { issuers: [payload.issuers[0] as string] },
      { issuers: [...payload.issuers].reverse() },
      { issuedAt: '2026-03-12T09:30:01.000Z' },
    ];
    for (const change of changes) {
      expect(verifyPayload({ ...payload, ...change }, signature, key), JSON.stringify(change)).toBe(false);
    }
  });

  it('fails with another key, a tampered signature or garbage, without throwing', () => {
    const signature = signPayload(payload, key);
    expect(verifyPayload(payload, signature, otherKey)).toBe(false);
    expect(verifyPayload(payload, signature, publicJwk(otherKey))).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verifyPayload(payload, flipped, key)).toBe(false);
    expect(verifyPayload(payload, '', key)).toBe(false);
    expect(verifyPayload(payload, 'not a signature', key)).toBe(false);
    expect(verifyPayload({ ...payload, hours: Number.NaN }, signature, key)).toBe(false);
  });

  it('signs a canonical payload: sorted keys, version tag, no whitespace, extra fields ignored', () => {
    const shuffled = Object.fromEntries(Object.entries(payload).reverse()) as unknown as CertificatePayload;
    const withExtra = { ...payload, id: 42, revokedAt: null } as CertificatePayload;
    const canonical = canonicalPayload(payload);
    expect(canonicalPayload(shuffled)).toBe(canonical);
    expect(canonicalPayload(withExtra)).toBe(canonical);
    expect(canonical.startsWith('{"code":"7KQ2-M9XD-4HTR","courseSlug":"dream",')).toBe(true);
    expect(canonical.endsWith(',"v":1}')).toBe(true);
    expect(JSON.parse(canonical)).toEqual({ ...payload, v: 1 });
    expect(canonical).toBe(JSON.stringify(JSON.parse(canonical)));
    expect(verifyPayload(shuffled, signPayload(payload, key), key)).toBe(true);
  });

  it('parses the signing key from PKCS#8 PEM (also with escaped newlines) and from base64 DER', () => {
    const pem = generateSigningKeyPem();
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const fromPem = parseSigningKey(pem);
    const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    const fromBase64 = parseSigningKey(der.toString('base64'));
    const fromBase64Url = parseSigningKey(der.toString('base64url'));
    const fromEscapedPem = parseSigningKey(pem.replace(/\n/g, '\\n'));
    for (const parsed of [fromBase64, fromBase64Url, fromEscapedPem]) {
      expect(publicJwk(parsed)).toEqual(publicJwk(fromPem));
    }
    // Ed25519 is deterministic: the same key gives the same signature.
    expect(signPayload(payload, fromBase64)).toBe(signPayload(payload, fromPem));
  });

  it('rejects keys that are not Ed25519 private keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey(ec)).toThrow(/Ed25519/);
    expect(() => parseSigningKey('')).toThrow();
    expect(() => parseSigningKey('not a key!')).toThrow();
  });

  it('publishes the public key as an OKP/Ed25519 JWK whose kid is the RFC 7638 thumbprint', async () => {
    const jwk = publicJwk(key);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(Buffer.from(jwk.x, 'base64url')).toHaveLength(32);
    const { calculateJwkThumbprint } = await import('jose');
    expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'sha256'));
  });
});

/* ------------------------------------------------------------------------------------------ */

const pdfData: CertificatePdfData = {
  code: payload.code,
  holderName: 'Maria Rossi',
  courseTitle: payload.courseTitle,
  courseVersion: payload.courseVersion,
  hours: payload.hours,
  issuers: payload.issuers,
  issuedAt: payload.issuedAt,
  certificateTitle: 'Attestato di frequenza con verifica finale',
  wording:
    "Si attesta che la persona titolare del presente attestato ha frequentato il corso di formazione «Diritto dell'immigrazione e dell'asilo per gli operatori dei servizi pubblici e del privato sociale», completando tutti i moduli previsti e superando la verifica finale.",
  verifyUrl: 'https://aula.example.it/certificati/verifica/7KQ2-M9XD-4HTR',
};

function catalogLanguage(pdf: PDFDocument): string | undefined {
  const lang = pdf.catalog.lookup(PDFName.of('Lang'));
  return lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : undefined;
}

describe('certificate PDF', () => {
  it('renders an A4 landscape PDF with title, author and Italian language metadata', async () => {
    const bytes = await renderCertificatePdf(pdfData);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeCloseTo(841.89, 1);
    expect(height).toBeCloseTo(595.28, 1);
    expect(pdf.getTitle()).toContain('Attestato di frequenza con verifica finale');
    expect(pdf.getTitle()).toContain('Maria Rossi');
    expect(pdf.getAuthor()).toBe("DREAM – Scuola Superiore Sant'Anna, Prefettura di Lucca – progetto LUMIT");
    expect(pdf.getSubject()).toContain('7KQ2-M9XD-4HTR');
    expect(pdf.getCreator()).toBe('Aula');
    expect(pdf.getProducer()).toBe('Aula');
    expect(pdf.getCreationDate()?.toISOString()).toBe(payload.issuedAt);
    expect(catalogLanguage(pdf)).toBe('it-IT');
  });

  it('renders holder names outside WinAnsi (Polish, Vietnamese, Turkish) without throwing', async () => {
    for (const holderName of ['Łukasz Nguyễn Ağça', 'Nguyễn Thị Ấu Ơn Ừng Bảo', 'Łukasz Nowak', 'Ağça']) {
      const bytes = await renderCertificatePdf({ ...pdfData, holderName });
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(pdf.getTitle()).toContain(holderName);
    }
  });

  it('renders a revoked certificate and very long names and wording', async () => {
    const bytes = await renderCertificatePdf({
      ...pdfData,
      revoked: true,
      issuedAt: new Date('2026-01-01T00:30:00Z'),
      holderName: 'Maria del Carmen Rodríguez de la Fuente y Hernández Bartolomé Ñúñez '.repeat(3),
      wording: pdfData.wording.repeat(4),
      issuers: ['Uno', 'Due', 'Tre', 'Quattro', 'Cinque'],
    });
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getSubject()).toContain('REVOCATO');
  });

  it('embeds a QR code image that decodes to the verification URL', async () => {
    const bytes = await renderCertificatePdf(pdfData);
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const images = extractImages(pdf);
    expect(images).toHaveLength(1);
    const [image] = images as [(typeof images)[number]];
    const decoded = jsQR(image.rgba, image.width, image.height);
    expect(decoded?.data).toBe(pdfData.verifyUrl);

    // Same dimensions as the PNG generated for the URL, which decodes to it as well.
    const png = PNG.sync.read(await qrPng(pdfData.verifyUrl));
    expect([image.width, image.height]).toEqual([png.width, png.height]);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(pdfData.verifyUrl);
  });

  it('decodes the QR code of a different URL to that URL', async () => {
    const verifyUrl = 'http://localhost:3000/certificati/verifica/ABCD-EFGH-JKMN';
    const pdf = await PDFDocument.load(await renderCertificatePdf({ ...pdfData, verifyUrl }), { updateMetadata: false });
    const [image] = extractImages(pdf);
    expect(image && jsQR(image.rgba, image.width, image.height)?.data).toBe(verifyUrl);
  });
});

/* ------------------------------------------------------------------------------------------ */

function tamper(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, body, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url'), signature].join('.');
}

describe('Open Badges 3.0 credential', () => {
  const baseUrl = 'https://aula.example.it';

  it('issues a vc+jwt that a standard JOSE library verifies against the published JWKS', async () => {
    const jwt = await issueOpenBadgeJwt({ payload, key, baseUrl, holderEmail: 'Maria.Rossi@example.it' });
    const jwk = publicJwk(key);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: jwk.kid });

    const { payload: claims, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet({ keys: [jwk] }), { typ: 'vc+jwt' });
    expect(protectedHeader.alg).toBe('EdDSA');
    await expect(jwtVerify(jwt, await importJWK(jwk, 'EdDSA'))).resolves.toBeTruthy();

    const id = `${baseUrl}/certificati/verifica/${payload.code}`;
    expect(claims).toMatchObject({
      '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id,
      jti: id,
      iss: `${baseUrl}/certificati/emittente`,
      issuer: { id: `${baseUrl}/certificati/emittente`, type: ['Profile'], name: expect.stringContaining('Prefettura di Lucca') },
      validFrom: payload.issuedAt,
      nbf: Date.parse(payload.issuedAt) / 1000,
      name: payload.courseTitle,
      credentialSubject: {
        type: ['AchievementSubject'],
        name: 'Maria Rossi',
        achievement: {
          id: `${baseUrl}/corsi/dream`,
          type: ['Achievement'],
          name: payload.courseTitle,
          criteria: { narrative: expect.stringContaining('verifica finale') },
        },
      },
    });
    expect(typeof claims.iat).toBe('number');
    // The e-mail is only present as a salted hash.
    expect(JSON.stringify(claims).toLowerCase()).not.toContain('maria.rossi@');

    const verified = await verifyOpenBadgeJwt(jwt, jwk);
    expect(verified.valid).toBe(true);
    if (verified.valid) expect(verified.credential.credentialSubject.name).toBe('Maria Rossi');
  });

  it('rejects a JWT whose payload was modified after signing', async () => {
    const jwt = await issueOpenBadgeJwt({ payload, key, baseUrl });
    const forged = tamper(jwt, (claims) => {
      (claims.credentialSubject as { name: string }).name = 'Mario Bianchi';
    });
    const jwk = publicJwk(key);
    await expect(jwtVerify(forged, await importJWK(jwk, 'EdDSA'))).rejects.toThrow();
    const verified = await verifyOpenBadgeJwt(forged, jwk);
    expect(verified.valid).toBe(false);
  });

  it('rejects a JWT checked against another key', async () => {
    const jwt = await issueOpenBadgeJwt({ payload, key, baseUrl });
    expect((await verifyOpenBadgeJwt(jwt, publicJwk(otherKey))).valid).toBe(false);
    expect((await verifyOpenBadgeJwt('not.a.jwt', publicJwk(key))).valid).toBe(false);
  });
});
