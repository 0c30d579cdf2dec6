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
import { LineCapStyle, PDFDocument, degrees, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

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

type KitFont = ReturnType<typeof fontkit.create>;
type KitGlyph = ReturnType<KitFont['glyphForCodePoint']>;

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

/* ------------------------------------------------------------------------------------------ */
/* Text with composed diacritics                                                               */
/* ------------------------------------------------------------------------------------------ */

interface Face {
  pdf: PDFFont;
  kit: KitFont;
  /** Stroke width (font units) for the hand-drawn marks, about the font's stem. */
  stroke: number;
  supported: Map<number, boolean>;
  /** Memoised widths at size 1. */
  widths: Map<string, number>;
}

function hasGlyph(face: Face, cp: number): boolean {
  let known = face.supported.get(cp);
  if (known === undefined) {
    known = face.kit.hasGlyphForCodePoint(cp);
    face.supported.set(cp, known);
  }
  return known;
}

type Piece = { kind: 'text'; text: string } | { kind: 'cluster'; base: string; marks: number[] };

const BELOW_MARKS = new Set([0x0323, 0x0324, 0x0325, 0x0326, 0x0327, 0x0328, 0x032e, 0x0331]);
const HORN = 0x031b;
/** Canonical combining class, coarsely: what matters is which marks may not be reordered. */
function markClass(mark: number): number {
  if (mark === HORN) return 216;
  if (mark === 0x0327 || mark === 0x0328) return 202;
  if (BELOW_MARKS.has(mark)) return 220;
  return 230;
}

const COMBINING = /\p{M}/u;

/** Splits text into runs the font can draw directly and clusters that need composing. */
function segment(text: string, face: Face): Piece[] {
  const pieces: Piece[] = [];
  let run = '';
  // Control characters (a stray newline or tab in a name) would be drawn as boxes: use spaces.
  const chars = Array.from(text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
  for (let i = 0; i < chars.length; i++) {
    let cluster = chars[i] as string;
    while (i + 1 < chars.length && COMBINING.test(chars[i + 1] as string)) cluster += chars[++i];
    const cp = cluster.codePointAt(0) as number;
    if (cluster.length === String.fromCodePoint(cp).length && hasGlyph(face, cp)) {
      run += cluster;
      continue;
    }
    const decomposed = Array.from(cluster.normalize('NFD'));
    let base = decomposed[0] as string;
    const marks = decomposed.slice(1).map((m) => m.codePointAt(0) as number);
    // Fold into the base every mark the font has a precomposed letter for (ệ → ê + dot below).
    for (let changed = true; changed;) {
      changed = false;
      for (let m = 0; m < marks.length; m++) {
        const mark = marks[m] as number;
        if (marks.slice(0, m).some((earlier) => markClass(earlier) === markClass(mark))) continue;
        const composed = (base + String.fromCodePoint(mark)).normalize('NFC');
        const composedCp = composed.codePointAt(0) as number;
        if (composed.length === String.fromCodePoint(composedCp).length && hasGlyph(face, composedCp)) {
          base = composed;
          marks.splice(m, 1);
          changed = true;
          break;
        }
      }
    }
    if (marks.length === 0 || !hasGlyph(face, base.codePointAt(0) as number)) {
      // Nothing to compose (or a script the font does not cover at all): draw what we have.
      run += marks.length === 0 ? base : cluster;
      continue;
    }
    if (run) pieces.push({ kind: 'text', text: run });
    run = '';
    // Dotless i under marks above.
    if (base === 'i' && marks.some((m) => markClass(m) === 230) && hasGlyph(face, 0x0131)) base = '\u0131';
    pieces.push({ kind: 'cluster', base, marks });
  }
  if (run) pieces.push({ kind: 'text', text: run });
  return pieces;
}

const HORN_EXTRA = 70; // font units added after a letter with a horn

/** Width at size 1 of a piece, as pdf-lib measures it (sum of advance widths). Memoised per font. */
function pieceUnits(piece: Piece, face: Face): number {
  const key = piece.kind === 'text' ? piece.text : `\u0000${piece.base}${String.fromCodePoint(...piece.marks)}`;
  let width = face.widths.get(key);
  if (width === undefined) {
    if (piece.kind === 'text') width = face.pdf.widthOfTextAtSize(piece.text, 1);
    else width = face.pdf.widthOfTextAtSize(piece.base, 1) + (piece.marks.includes(HORN) ? HORN_EXTRA / face.kit.unitsPerEm : 0);
    if (face.widths.size > 20_000) face.widths.clear();
    face.widths.set(key, width);
  }
  return width;
}

/** Width at size 1 of any text (memoised per font). */
function measureUnits(text: string, face: Face): number {
  let width = face.widths.get(text);
  if (width === undefined) {
    width = 0;
    for (const piece of segment(text, face)) width += pieceUnits(piece, face);
    if (face.widths.size > 20_000) face.widths.clear();
    face.widths.set(text, width);
  }
  return width;
}

function measure(text: string, face: Face, size: number): number {
  return measureUnits(text, face) * size;
}

/** Spacing accents of the font used for combining marks, and where they go. */
const GLYPH_MARKS: Record<number, { char: string; place: 'above' | 'below' | 'baseline' }> = {
  0x0300: { char: '`', place: 'above' },
  0x0301: { char: '\u00b4', place: 'above' },
  0x0302: { char: '\u02c6', place: 'above' },
  0x0303: { char: '\u02dc', place: 'above' },
  0x0304: { char: '\u00af', place: 'above' },
  0x0307: { char: '.', place: 'above' },
  0x0308: { char: '\u00a8', place: 'above' },
  0x030a: { char: '\u02da', place: 'above' },
  0x0323: { char: '.', place: 'below' },
  0x0324: { char: '\u00a8', place: 'below' },
  0x0326: { char: ',', place: 'below' },
  0x0327: { char: '\u00b8', place: 'baseline' },
};

/** A stroke path in font units, y up: move, line and cubic Bézier commands. */
type Stroke = Array<['M' | 'L', number, number] | ['C', number, number, number, number, number, number]>;

/** Hand-drawn marks, centred on x = 0, sitting on y = 0 and `height` units tall. */
const DRAWN_MARKS: Record<number, { stroke: Stroke; height: number }> = {
  // hook above (Vietnamese hỏi): the top of a question mark
  0x0309: {
    stroke: [
      ['M', -55, 150],
      ['C', -45, 215, 70, 220, 62, 150],
      ['C', 58, 110, 0, 110, 0, 60],
      ['L', 0, 20],
    ],
    height: 200,
  },
  // breve
  0x0306: {
    stroke: [
      ['M', -105, 130],
      ['C', -95, 10, 95, 10, 105, 130],
    ],
    height: 130,
  },
  // caron
  0x030c: {
    stroke: [
      ['M', -110, 140],
      ['L', 0, 15],
      ['L', 110, 140],
    ],
    height: 140,
  },
};

/** The horn (ơ, ư), relative to the top right of the letter's bowl. */
const HORN_STROKE: Stroke = [
  ['M', 0, 0],
  ['C', 80, 10, 105, 60, 100, 150],
];

/** SVG path data for pdf-lib's drawSvgPath, whose y axis points down: y is negated. */
function svgPath(stroke: Stroke, dx: number, dy: number): string {
  return stroke
    .map((c) => {
      const [command, ...coords] = c;
      const out: number[] = [];
      for (let i = 0; i < coords.length; i += 2) out.push((coords[i] as number) + dx, -((coords[i + 1] as number) + dy));
      return `${command} ${out.map((n) => Math.round(n * 10) / 10).join(' ')}`;
    })
    .join(' ');
}

function glyphOf(face: Face, char: string): KitGlyph {
  return face.kit.glyphForCodePoint(char.codePointAt(0) as number);
}

function drawCluster(page: PDFPage, piece: Extract<Piece, { kind: 'cluster' }>, face: Face, x: number, y: number, size: number, color: Color) {
  page.drawText(piece.base, { x, y, size, font: face.pdf, color });
  const scale = size / face.kit.unitsPerEm;
  const baseBox = glyphOf(face, piece.base).bbox;
  const centre = (baseBox.minX + baseBox.maxX) / 2;
  const gapAbove = 70;
  const gapBelow = 50;
  let top = baseBox.maxY;
  let bottom = Math.min(baseBox.minY, 0);
  // Vietnamese sets acute, grave and hook above beside the circumflex (ấ ầ ẩ), not on top of it.
  let besideCircumflex = piece.base.normalize('NFD').includes('\u0302');
  for (const mark of piece.marks) {
    if (besideCircumflex && (mark === 0x0300 || mark === 0x0301 || mark === 0x0309)) {
      besideCircumflex = false;
      const drawnMark = DRAWN_MARKS[mark];
      if (drawnMark) {
        const left = centre + 120 + 55;
        const dy = baseBox.maxY - 120;
        page.drawSvgPath(svgPath(drawnMark.stroke, left, dy), { x, y, scale, borderColor: color, borderWidth: face.stroke * 0.6, borderLineCap: LineCapStyle.Round });
        top = Math.max(top, dy + drawnMark.height);
      } else {
        const char = (GLYPH_MARKS[mark] as { char: string }).char;
        const box = glyphOf(face, char).bbox;
        const dx = centre + 110 - box.minX;
        const dy = baseBox.maxY - 110 - box.minY;
        page.drawText(char, { x: x + dx * scale, y: y + dy * scale, size, font: face.pdf, color });
        top = Math.max(top, box.maxY + dy);
      }
      continue;
    }
    besideCircumflex = false;
    if (mark === HORN) {
      const startX = baseBox.maxX - face.stroke * 0.6;
      const startY = Math.max(baseBox.maxY - 90, 300);
      const d = svgPath(HORN_STROKE, startX, startY);
      page.drawSvgPath(d, { x, y, scale, borderColor: color, borderWidth: face.stroke * 0.75, borderLineCap: LineCapStyle.Round });
      continue;
    }
    const glyphMark = GLYPH_MARKS[mark];
    if (glyphMark) {
      const box = glyphOf(face, glyphMark.char).bbox;
      const dx = centre - (box.minX + box.maxX) / 2;
      let dy = 0;
      if (glyphMark.place === 'above') {
        dy = top + gapAbove - box.minY;
        top = box.maxY + dy;
      } else if (glyphMark.place === 'below') {
        dy = bottom - gapBelow - box.maxY;
        bottom = box.minY + dy;
      }
      page.drawText(glyphMark.char, { x: x + dx * scale, y: y + dy * scale, size, font: face.pdf, color });
      continue;
    }
    const drawn = DRAWN_MARKS[mark];
    if (drawn) {
      const dy = top + gapAbove - 10;
      top = dy + drawn.height;
      page.drawSvgPath(svgPath(drawn.stroke, centre, dy), { x, y, scale, borderColor: color, borderWidth: face.stroke * 0.6, borderLineCap: LineCapStyle.Round });
    }
    // Other marks (ogonek, double acute, …) only occur in letters the font already has precomposed.
  }
}

/** Draws text at a baseline origin, composing marks the font lacks. */
function drawRich(page: PDFPage, text: string, face: Face, x: number, y: number, size: number, color: Color) {
  let cursor = x;
  for (const piece of segment(text, face)) {
    if (piece.kind === 'text') page.drawText(piece.text, { x: cursor, y, size, font: face.pdf, color });
    else drawCluster(page, piece, face, cursor, y, size, color);
    cursor += pieceUnits(piece, face) * size;
  }
}

type Align = 'left' | 'center' | 'right';

function drawAligned(page: PDFPage, text: string, face: Face, opts: { x: number; y: number; size: number; color: Color; align: Align }) {
  const width = measure(text, face, opts.size);
  const x = opts.align === 'left' ? opts.x : opts.align === 'center' ? opts.x - width / 2 : opts.x - width;
  drawRich(page, text, face, x, opts.y, opts.size, opts.color);
}

/**
 * Greedy word wrap at size 1 (widths scale linearly with the size, and a space never joins a
 * ligature or a kerning pair worth measuring); words longer than the line are split by character.
 */
function wrapUnits(text: string, face: Face, maxUnits: number): string[] {
  const lines: string[] = [];
  const space = measureUnits(' ', face);
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = measureUnits(word, face);
      if (line && lineWidth + space + wordWidth <= maxUnits) {
        line += ` ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= maxUnits) {
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      line = '';
      lineWidth = 0;
      for (const char of Array.from(word)) {
        const charWidth = measureUnits(char, face);
        if (line && lineWidth + charWidth > maxUnits) {
          lines.push(line);
          line = '';
          lineWidth = 0;
        }
        line += char;
        lineWidth += charWidth;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** The largest size in [min, max] at which text fits in `maxLines` lines of `maxWidth`. */
function fit(text: string, face: Face, max: number, min: number, maxWidth: number, maxLines: number) {
  for (let size = max; size > min; size -= 0.5) {
    const lines = wrapUnits(text, face, maxWidth / size);
    if (lines.length <= maxLines) return { size, lines };
  }
  return { size: min, lines: wrapUnits(text, face, maxWidth / min) };
}

/** One line if it fits at `oneLineMin` or more, else the largest size for two lines. */
function fitPreferringOneLine(text: string, face: Face, max: number, oneLineMin: number, twoLinesMin: number, maxWidth: number) {
  const oneLine = fit(text, face, max, oneLineMin, maxWidth, 1);
  if (oneLine.lines.length <= 1) return oneLine;
  return fit(text, face, oneLineMin, twoLinesMin, maxWidth, 2);
}

/* ------------------------------------------------------------------------------------------ */
/* Formatting                                                                                 */
/* ------------------------------------------------------------------------------------------ */

const ITALIAN_DATE = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' });
const ITALIAN_NUMBER = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

/** `22 novembre 2026` (civil date in Italy). */
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
