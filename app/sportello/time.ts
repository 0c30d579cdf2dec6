/** Desk time is Italian time (Europe/Rome), whatever the server's zone: days, weeks, months, quarters. */
export const ZONE = 'Europe/Rome';

const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export function romeParts(d: Date) {
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mm: Number(p.minute), ss: Number(p.second) };
}

/** Milliseconds to add to UTC to get Rome's wall clock at that instant. */
function offsetAt(ms: number): number {
  const p = romeParts(new Date(ms));
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time in Rome → the instant. */
export function romeToDate(y: number, m: number, d: number, hh = 0, mm = 0): Date {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let at = guess - offsetAt(guess);
  at = guess - offsetAt(at);
  return new Date(at);
}

/** `YYYY-MM-DDTHH:mm` (an <input type="datetime-local"> value, Rome time) → the instant, or null. */
export function parseLocalDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, hh, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59) return null;
  const date = romeToDate(y, mo, d, hh, mi);
  const back = romeParts(date);
  return back.d === d && back.m === mo ? date : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as an <input type="datetime-local"> value in Rome time. */
export function toLocalInput(d: Date): string {
  const p = romeParts(d);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}`;
}

export function romeDayKey(d: Date): string {
  const p = romeParts(d);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

export function startOfRomeDay(d: Date): Date {
  const p = romeParts(d);
  return romeToDate(p.y, p.m, p.d);
}

/** Monday 00:00 of the week of `d`, Rome time. */
export function startOfRomeWeek(d: Date): Date {
  const p = romeParts(d);
  const weekday = (new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(p.y, p.m - 1, p.d - weekday));
  return romeToDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
}

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

export function quarterOf(d: Date): Quarter {
  const p = romeParts(d);
  return { year: p.y, q: (Math.floor((p.m - 1) / 3) + 1) as Quarter['q'] };
}

export function previousQuarter({ year, q }: Quarter): Quarter {
  return q === 1 ? { year: year - 1, q: 4 } : { year, q: (q - 1) as Quarter['q'] };
}

/** `2026-T4` ⇄ quarter. */
export function quarterKey({ year, q }: Quarter): string {
  return `${year}-T${q}`;
}

export function parseQuarter(value: string): Quarter | null {
  const m = /^(\d{4})-T([1-4])$/.exec(value);
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
}

/** The first month (`YYYY-MM`) and the last month of a quarter. */
export function quarterMonths({ year, q }: Quarter): { from: string; to: string } {
  return { from: `${year}-${pad(q * 3 - 2)}`, to: `${year}-${pad(q * 3)}` };
}

/** `YYYY-MM` → the first instant of that month in Rome; `end`: the first instant of the next month. */
export function monthStart(month: string, end = false): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return end ? romeToDate(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) : romeToDate(y, m, 1);
}

export function monthKey(d: Date): string {
  const p = romeParts(d);
  return `${p.y}-${pad(p.m)}`;
}

/** `YYYY-MM` of `n` months before the month of `d`. */
export function monthsBefore(d: Date, n: number): string {
  const p = romeParts(d);
  const at = new Date(Date.UTC(p.y, p.m - 1 - n, 1));
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;
}
