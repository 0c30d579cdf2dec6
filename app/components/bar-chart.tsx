/**
 * A bar chart drawn on the server as SVG (no JavaScript, no library), with the same figures in a
 * table right below it. The SVG is one image named by its title (`role="img"`); screen readers get
 * the table. A hidden count (null, "< 5") draws no bar: its height would give the number away.
 */
import { useId } from 'react';

export interface Bar {
  label: string;
  count: number | null;
}

interface Props {
  title: string;
  bars: Bar[];
  /** what a hidden count shows: "< 5" */
  small: string;
  /** caption of the value column */
  valueLabel: string;
  itemLabel: string;
  emptyLabel: string;
  chartLabel: string;
  /** columns (months, in time order) or rows (categories, largest first) */
  columns?: boolean;
  format: (n: number) => string;
}

const BLUE = '#0066cc';
const INK = '#1a1a1a';

export function BarChart({ title, bars, small, valueLabel, itemLabel, emptyLabel, chartLabel, columns = false, format }: Props) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.count ?? 0));
  const shown = (b: Bar) => (b.count === null ? small : format(b.count));
  return (
    <section aria-labelledby={`${id}-h`} className="mt-5">
      <h2 id={`${id}-h`} className="h4">
        {title}
      </h2>
      {bars.length === 0 ? (
        <p>{emptyLabel}</p>
      ) : (
        <>
          {columns ? <Columns bars={bars} max={max} shown={shown} label={chartLabel} /> : <Rows bars={bars} max={max} shown={shown} label={chartLabel} />}
          <div className="table-responsive">
            <table className="table table-sm aula-chart-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{itemLabel}</th>
                  <th scope="col" className="text-end">
                    {valueLabel}
                  </th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.label}>
                    <th scope="row" className="fw-normal">
                      {b.label}
                    </th>
                    <td className="text-end">{shown(b)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Rows({ bars, max, shown, label }: { bars: Bar[]; max: number; shown: (b: Bar) => string; label: string }) {
  const row = 26;
  const labelWidth = 260;
  const barWidth = 360;
  const height = bars.length * row + 8;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${labelWidth + barWidth + 70} ${height}`} width="100%" className="aula-chart mb-2" preserveAspectRatio="xMinYMin meet">
      {bars.map((b, i) => {
        const y = 4 + i * row;
        const w = b.count ? Math.max(2, Math.round((b.count / max) * barWidth)) : 0;
        return (
          <g key={b.label}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="13" fill={INK}>
              {b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label}
            </text>
            {w ? <rect x={labelWidth} y={y + 3} width={w} height={row - 8} fill={BLUE} /> : null}
            <text x={labelWidth + w + 6} y={y + 17} fontSize="13" fill={INK}>
              {shown(b)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Columns({ bars, max, shown, label }: { bars: Bar[]; max: number; shown: (b: Bar) => string; label: string }) {
  const col = Math.max(24, Math.min(60, Math.floor(720 / bars.length)));
  const plot = 180;
  const width = bars.length * col + 10;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${plot + 60}`} width="100%" className="aula-chart mb-2" preserveAspectRatio="xMinYMin meet">
      <line x1={4} x2={width - 4} y1={plot + 20} y2={plot + 20} stroke={INK} strokeWidth={1} />
      {bars.map((b, i) => {
        const h = b.count ? Math.max(2, Math.round((b.count / max) * plot)) : 0;
        const x = 8 + i * col;
        return (
          <g key={b.label}>
            {h ? <rect x={x} y={plot + 20 - h} width={col - 8} height={h} fill={BLUE} /> : null}
            <text x={x + (col - 8) / 2} y={plot + 14 - h} textAnchor="middle" fontSize="11" fill={INK}>
              {shown(b)}
            </text>
            <text x={x + (col - 8) / 2} y={plot + 38} textAnchor="middle" fontSize="11" fill={INK}>
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
