/**
 * The certificate PDF, rendered on each request from stored data (nothing is stored).
 *
 * A4 landscape, Italian, Titillium Web (the Bootstrap Italia typeface) embedded as a subset so
 * names outside WinAnsi (Łukasz, Ağça, …) are real text. Titillium Web has no Vietnamese
 * precomposed letters nor combining marks, so letters the font lacks (ễ, ị, ơ, ả, …) are
 * composed: the base letter is drawn as text (ê, i, o, a) and the missing diacritics are
 * drawn on top of it, from the font's spacing accents (ˆ ˜ ´ ` ¨ ¯ ˚ ¸ .) or, for the hook
 * above, the horn, the breve and the caron, as small vector strokes.
 *
 * The QR code encodes the full verification URL; the code and the URL are also printed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, degrees, rgb, type Color, type PDFFont } from 'pdf-lib';
import QRCode from 'qrcode';
import { drawAligned, fit, fitPreferringOneLine, type Face, type KitFont } from './pdf-text.server';

export interface CertificatePdfData {
  code: string;
  holderName: string;
  courseTitle: string;
  courseVersion: string;
  hours: number;
  issuers: string[];
  issuedAt: Date | string;
  /** From course.yaml `certificate.title`. */
  certificateTitle: string;
  /** From course.yaml `certificate.wording`. */
  wording: string;
  /** Full public verification URL (encoded in the QR code and printed). */
  verifyUrl: string;
  /** Prints a "REVOCATO" watermark and notice. */
  revoked?: boolean;
}

/** A4 landscape in PDF points. */
export const A4_LANDSCAPE: readonly [number, number] = [841.89, 595.28];

const FONT_DIR = ['node_modules', 'bootstrap-italia', 'dist', 'fonts', 'Titillium_Web'];
const FONT_FILES = {
  regular: 'titillium-web-v10-latin-ext_latin-regular.ttf',
  bold: 'titillium-web-v10-latin-ext_latin-700.ttf',
} as const;

const BLUE = rgb(0, 0x66 / 255, 0xcc / 255); // #0066CC
const DARK = rgb(0x17 / 255, 0x32 / 255, 0x4d / 255); // #17324D
const GREY = rgb(0x5c / 255, 0x6f / 255, 0x82 / 255); // #5C6F82
const RED = rgb(0xd9 / 255, 0x36 / 255, 0x4f / 255); // #D9364F

interface LoadedFont {
  bytes: Uint8Array;
  kit: KitFont;
  /** Glyph coverage and widths at size 1, shared by every render. */
  supported: Map<number, boolean>;
  widths: Map<string, number>;
}

interface FontAssets {
  regular: LoadedFont;
  bold: LoadedFont;
  /** Registered on each document: hands pdf-lib the already-parsed font for known bytes. */
  fontkit: { create: (bytes: Uint8Array) => KitFont };
}

/**
 * pdf-lib draws glyphs at their advance widths and ignores the GPOS positions fontkit computes,
 * so kerning and mark positioning are pure cost: turn them off (substitutions stay on).
 */
const LAYOUT_FEATURES = { kern: false, mark: false, mkmk: false };

let assetsPromise: Promise<FontAssets> | null = null;

/** Font bytes and parsed fonts, loaded once per process. */
function loadAssets(): Promise<FontAssets> {
  assetsPromise ??= (async () => {
    const dir = path.resolve(process.cwd(), ...FONT_DIR);
    const [regularBytes, boldBytes] = await Promise.all([readFile(path.join(dir, FONT_FILES.regular)), readFile(path.join(dir, FONT_FILES.bold))]);
    const load = (bytes: Buffer): LoadedFont => ({
      bytes: new Uint8Array(bytes),
      kit: fontkit.create(bytes),
      supported: new Map(),
      widths: new Map(),
    });
    const regular = load(regularBytes);
    const bold = load(boldBytes);
    const cachingFontkit = {
      create(bytes: Uint8Array): KitFont {
        if (bytes === regular.bytes) return regular.kit;
        if (bytes === bold.bytes) return bold.kit;
        return fontkit.create(bytes);
      },
    };
    return { regular, bold, fontkit: cachingFontkit };
  })().catch((error: unknown) => {
    assetsPromise = null;
    throw error;
  });
  return assetsPromise;
}

const ITALIAN_DATE = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' });
const ITALIAN_NUMBER = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

export function formatItalianDate(date: Date): string {
  return ITALIAN_DATE.format(date);
}

/** `18 ore`, `1 ora`, `17,5 ore`. */
export function formatHours(hours: number): string {
  return `${ITALIAN_NUMBER.format(hours)} ${hours === 1 ? 'ora' : 'ore'}`;
}

/** The QR code PNG embedded in the certificate (error correction M, 1-module margin, 6 px per module). */
export function qrPng(verifyUrl: string): Promise<Buffer> {
  return QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 });
}

/* ------------------------------------------------------------------------------------------ */
/* Rendering                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export async function renderCertificatePdf(data: CertificatePdfData): Promise<Uint8Array> {
  const issuedAt = data.issuedAt instanceof Date ? data.issuedAt : new Date(data.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new TypeError(`Invalid issuedAt: ${String(data.issuedAt)}`);

  const [assets, qr] = await Promise.all([loadAssets(), qrPng(data.verifyUrl)]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(assets.fontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const [regularPdf, boldPdf, qrImage] = await Promise.all([
    doc.embedFont(assets.regular.bytes, { subset: true, features: LAYOUT_FEATURES }),
    doc.embedFont(assets.bold.bytes, { subset: true, features: LAYOUT_FEATURES }),
    doc.embedPng(qr),
  ]);
  const face = (pdf: PDFFont, font: LoadedFont, stroke: number): Face => ({
    pdf,
    kit: font.kit,
    stroke,
    supported: font.supported,
    widths: font.widths,
  });
  const regular = face(regularPdf, assets.regular, 75);
  const bold = face(boldPdf, assets.bold, 134);

  const issuersText = data.issuers.join(', ');
  const date = formatItalianDate(issuedAt);
  doc.setTitle(`${data.certificateTitle} – ${data.holderName}`, { showInWindowTitleBar: true });
  doc.setAuthor(issuersText);
  doc.setSubject(`${data.courseTitle} (versione ${data.courseVersion}) – codice di verifica ${data.code}${data.revoked ? ' – REVOCATO' : ''}`);
  doc.setKeywords(['attestato', 'certificato', data.code, data.courseTitle]);
  doc.setLanguage('it-IT');
  doc.setCreator('Aula');
  doc.setProducer('Aula');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const [W, H] = A4_LANDSCAPE;
  const page = doc.addPage([W, H]);
  const cx = W / 2;

  // Frame: a thin blue border and a hairline inside it.
  page.drawRectangle({ x: 22, y: 22, width: W - 44, height: H - 44, borderColor: BLUE, borderWidth: 1.2 });
  page.drawRectangle({ x: 27, y: 27, width: W - 54, height: H - 54, borderColor: BLUE, borderWidth: 0.35, borderOpacity: 0.6 });

  // Issuing bodies, as a header.
  const header = fit(data.issuers.join('  ·  '), bold, 11, 7.5, W - 140, 2);
  let y = H - 66;
  for (const line of header.lines) {
    drawAligned(page, line, bold, { x: cx, y, size: header.size, color: BLUE, align: 'center' });
    y -= header.size * 1.35;
  }

  // Main block (title, holder, wording, course), centred vertically between header and footer.
  type Row = { lead: number } & ({ text: string; face: Face; size: number; color: Color } | { rule: true });
  const rows: Row[] = [];
  const addLines = (lines: string[], face: Face, size: number, color: Color, lead: number, lineHeight: number) =>
    lines.forEach((text, i) => rows.push({ text, face, size, color, lead: i === 0 ? lead : lineHeight }));

  const title = fitPreferringOneLine(data.certificateTitle, bold, 28, 20, 16, W - 180);
  addLines(title.lines, bold, title.size, BLUE, title.size * 0.75, title.size * 1.15);
  rows.push({ rule: true, lead: 16 });
  const wordingStartsWithAttestation = /^\s*si\s+attesta\s+che\b/i.test(data.wording);
  addLines([wordingStartsWithAttestation ? 'rilasciato a' : 'si attesta che'], regular, 12.5, GREY, 30, 0);
  const name = fitPreferringOneLine(data.holderName, bold, 32, 22, 16, W - 180);
  addLines(name.lines, bold, name.size, DARK, name.size + 10, name.size * 1.2);
  const wording = fit(data.wording, regular, 11.5, 8.5, W - 220, 6);
  addLines(wording.lines, regular, wording.size, DARK, 30, wording.size * 1.4);
  const course = fit(data.courseTitle, bold, 13, 9, W - 220, 2);
  addLines(course.lines, bold, course.size, DARK, wording.size * 1.4 + 8, course.size * 1.3);
  addLines([`Versione ${data.courseVersion}   ·   Durata: ${formatHours(data.hours)}`], regular, 11, DARK, course.size * 1.3 + 2, 0);

  const blockHeight = rows.reduce((sum, row) => sum + row.lead, 0) + 4;
  const regionTop = y - 4;
  const regionBottom = 152;
  y = Math.min(regionTop, (regionTop + regionBottom) / 2 + blockHeight / 2);
  for (const row of rows) {
    y -= row.lead;
    if ('rule' in row) page.drawRectangle({ x: cx - 28, y, width: 56, height: 2.2, color: BLUE });
    else drawAligned(page, row.text, row.face, { x: cx, y, size: row.size, color: row.color, align: 'center' });
  }

  // Bottom left: date and issuing bodies.
  const left = 64;
  const qrSize = 104;
  const qrX = W - 64 - qrSize;
  const qrY = 52;
  let by = 132;
  drawAligned(page, 'Data di rilascio', regular, { x: left, y: by, size: 9, color: GREY, align: 'left' });
  by -= 16;
  drawAligned(page, date, bold, { x: left, y: by, size: 12.5, color: DARK, align: 'left' });
  by -= 22;
  drawAligned(page, data.issuers.length > 1 ? 'Enti promotori' : 'Ente promotore', regular, { x: left, y: by, size: 9, color: GREY, align: 'left' });
  // One body per line when they fit in four lines, else run on separated by middle dots.
  let issuersLines = fit(data.issuers.join('\n'), regular, 10.5, 8, 300, 4);
  if (issuersLines.lines.length > 4) issuersLines = fit(data.issuers.join('  ·  '), regular, 10.5, 7, 300, 4);
  by -= 14;
  for (const line of issuersLines.lines) {
    drawAligned(page, line, regular, { x: left, y: by, size: issuersLines.size, color: DARK, align: 'left' });
    by -= issuersLines.size * 1.3;
  }

  // Bottom right: code, URL, QR code.
  page.drawImage(qrImage, { x: qrX, y: qrY, width: qrSize, height: qrSize });
  const textRight = qrX - 14;
  drawAligned(page, `Codice di verifica: ${data.code}`, bold, { x: textRight, y: 116, size: 12.5, color: DARK, align: 'right' });
  drawAligned(page, 'Verifica l’autenticità inquadrando il codice QR o all’indirizzo', regular, { x: textRight, y: 94, size: 9, color: GREY, align: 'right' });
  const url = fit(data.verifyUrl, regular, 9.5, 6.5, 300, 3);
  let uy = 80;
  for (const line of url.lines) {
    drawAligned(page, line, regular, { x: textRight, y: uy, size: url.size, color: BLUE, align: 'right' });
    uy -= url.size * 1.3;
  }

  // Footer.
  drawAligned(page, 'Attestato con firma digitale Ed25519 verificabile pubblicamente. Generato da Aula.', regular, {
    x: cx,
    y: 34,
    size: 7.5,
    color: GREY,
    align: 'center',
  });

  if (data.revoked) {
    page.drawText('REVOCATO', {
      x: cx - 250,
      y: H / 2 - 120,
      size: 110,
      font: boldPdf,
      color: RED,
      opacity: 0.22,
      rotate: degrees(22),
    });
    drawAligned(page, 'ATTESTATO REVOCATO – NON PIÙ VALIDO', bold, { x: cx, y: H - 44, size: 10, color: RED, align: 'center' });
  }

  return doc.save({ useObjectStreams: false });
}
