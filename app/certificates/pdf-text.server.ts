/**
 * Text on the certificate PDF: drawing names in any alphabet with Titillium Web. Letters the font
 * lacks (Vietnamese diacritics, rare marks) are composed from a base letter and its marks, or drawn
 * as strokes; widths are measured as pdf-lib measures them; lines are wrapped and sized to fit.
 */
import fontkit from '@pdf-lib/fontkit';
import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import { LineCapStyle } from 'pdf-lib';

export type KitFont = ReturnType<typeof fontkit.create>;
type KitGlyph = ReturnType<KitFont['glyphForCodePoint']>;

/* ------------------------------------------------------------------------------------------ */
/* Text with composed diacritics                                                               */
/* ------------------------------------------------------------------------------------------ */

export interface Face {
  pdf: PDFFont;
  kit: KitFont;
  /** Stroke width (font units) for the hand-drawn marks, about the font's stem. */
  stroke: number;
  supported: Map<number, boolean>;
  /** Memoised widths at size 1. */
  widths: Map<string, number>;
}

export function hasGlyph(face: Face, cp: number): boolean {
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

export function measure(text: string, face: Face, size: number): number {
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
export function drawRich(page: PDFPage, text: string, face: Face, x: number, y: number, size: number, color: Color) {
  let cursor = x;
  for (const piece of segment(text, face)) {
    if (piece.kind === 'text') page.drawText(piece.text, { x: cursor, y, size, font: face.pdf, color });
    else drawCluster(page, piece, face, cursor, y, size, color);
    cursor += pieceUnits(piece, face) * size;
  }
}

export type Align = 'left' | 'center' | 'right';

export function drawAligned(page: PDFPage, text: string, face: Face, opts: { x: number; y: number; size: number; color: Color; align: Align }) {
  const width = measure(text, face, opts.size);
  const x = opts.align === 'left' ? opts.x : opts.align === 'center' ? opts.x - width / 2 : opts.x - width;
  drawRich(page, text, face, x, opts.y, opts.size, opts.color);
}

/**
 * Greedy word wrap at size 1 (widths scale linearly with the size, and a space never joins a
 * ligature or a kerning pair worth measuring); words longer than the line are split by character.
 */
export function wrapUnits(text: string, face: Face, maxUnits: number): string[] {
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
export function fit(text: string, face: Face, max: number, min: number, maxWidth: number, maxLines: number) {
  for (let size = max; size > min; size -= 0.5) {
    const lines = wrapUnits(text, face, maxWidth / size);
    if (lines.length <= maxLines) return { size, lines };
  }
  return { size: min, lines: wrapUnits(text, face, maxWidth / min) };
}

/** One line if it fits at `oneLineMin` or more, else the largest size for two lines. */
export function fitPreferringOneLine(text: string, face: Face, max: number, oneLineMin: number, twoLinesMin: number, maxWidth: number) {
  const oneLine = fit(text, face, max, oneLineMin, maxWidth, 1);
  if (oneLine.lines.length <= 1) return oneLine;
  return fit(text, face, oneLineMin, twoLinesMin, maxWidth, 2);
}

/* ------------------------------------------------------------------------------------------ */
/* Formatting                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** `22 novembre 2026` (civil date in Italy). */
