/**
 * Aula's one chart: bars drawn as SVG on the server with visx (scales and shapes, no client code),
 * so they show without JavaScript. The SVG is one image named by its title and description; the
 * same figures always follow in a table, which is what screen readers and keyboards use.
 *
 * - `BarChart` draws rows (categories, largest first) or columns (months, in time order).
 * - `ChartSection` is a titled section with the chart and its table.
 *
 * A hidden value (`null`, shown as "< 5" by the register) draws no bar: its length would give the
 * number away.
 */
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useId } from 'react';

export interface BarDatum {
  label: string;
  /** null: a hidden count, no bar */
  value: number | null;
  /** text shown at the end of the bar (defaults to the value) */
  display?: string;
}

const BLUE = '#0066cc';
const INK = '#1a1a1a';

interface ChartProps {
  id: string;
  title: string;
  description: string;
  data: BarDatum[];
  /** the top of the scale (defaults to the largest value) */
  max?: number;
  columns?: boolean;
}

export function BarChart({ columns = false, ...props }: ChartProps) {
  return columns ? <Columns {...props} /> : <Rows {...props} />;
}

function top(data: BarDatum[], max?: number) {
  return Math.max(1, max ?? Math.max(1, ...data.map((d) => d.value ?? 0)));
}

const shown = (d: BarDatum) => d.display ?? (d.value === null ? '' : String(d.value));

function Frame({ id, title, description, width, height, children }: { id: string; title: string; description: string; width: number; height: number; children: React.ReactNode }) {
  return (
    <svg id={id} className="aula-chart mb-2" viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

const WIDTH = 640;
const LABEL = 240;
const ROW = 30;

function Rows({ id, title, description, data, max }: Omit<ChartProps, 'columns'>) {
  const height = Math.max(1, data.length) * ROW + 8;
  const x = scaleLinear<number>({ domain: [0, top(data, max)], range: [0, WIDTH - LABEL - 70] });
  const y = scaleBand<string>({ domain: data.map((d) => d.label), range: [4, height - 4], padding: 0.25 });
  return (
    <Frame id={id} title={title} description={description} width={WIDTH} height={height}>
      <Group left={LABEL}>
        {data.map((d) => {
          const at = (y(d.label) ?? 0) + y.bandwidth() / 2;
          const w = d.value ? Math.max(2, x(d.value)) : 0;
          return (
            <g key={d.label}>
              <text x={-8} y={at} textAnchor="end" dominantBaseline="middle" fontSize={13} fill={INK}>
                {d.label.length > 34 ? `${d.label.slice(0, 33)}…` : d.label}
              </text>
              {w ? <Bar x={0} y={y(d.label) ?? 0} width={w} height={y.bandwidth()} fill={BLUE} /> : null}
              <text x={w + 6} y={at} dominantBaseline="middle" fontSize={13} fill={INK}>
                {shown(d)}
              </text>
            </g>
          );
        })}
      </Group>
    </Frame>
  );
}

const PLOT = 180;

function Columns({ id, title, description, data, max }: Omit<ChartProps, 'columns'>) {
  const col = Math.max(24, Math.min(60, Math.floor(720 / Math.max(1, data.length))));
  const width = Math.max(1, data.length) * col + 10;
  const x = scaleBand<string>({ domain: data.map((d) => d.label), range: [4, width - 4], padding: 0.15 });
  const h = scaleLinear<number>({ domain: [0, top(data, max)], range: [0, PLOT] });
  const base = PLOT + 20;
  return (
    <Frame id={id} title={title} description={description} width={width} height={PLOT + 60}>
      <line x1={4} x2={width - 4} y1={base} y2={base} stroke={INK} strokeWidth={1} />
      {data.map((d) => {
        const left = x(d.label) ?? 0;
        const mid = left + x.bandwidth() / 2;
        const height = d.value ? Math.max(2, h(d.value)) : 0;
        return (
          <g key={d.label}>
            {height ? <Bar x={left} y={base - height} width={x.bandwidth()} height={height} fill={BLUE} /> : null}
            <text x={mid} y={base - height - 6} textAnchor="middle" fontSize={11} fill={INK}>
              {shown(d)}
            </text>
            <text x={mid} y={base + 18} textAnchor="middle" fontSize={11} fill={INK}>
              {d.label}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

interface SectionProps {
  title: string;
  data: BarDatum[];
  /** caption of the value column */
  valueLabel: string;
  itemLabel: string;
  emptyLabel: string;
  /** the chart's accessible name ("Grafico: …") */
  chartLabel: string;
  columns?: boolean;
}

/** A titled section: the chart, then the same figures in a table (the `display` of each value). */
export function ChartSection({ title, data, valueLabel, itemLabel, emptyLabel, chartLabel, columns = false }: SectionProps) {
  const id = useId().replace(/:/g, '');
  return (
    <section aria-labelledby={`${id}-h`} className="mt-5">
      <h2 id={`${id}-h`} className="h4">
        {title}
      </h2>
      {data.length === 0 ? (
        <p>{emptyLabel}</p>
      ) : (
        <>
          <BarChart id={`${id}-chart`} title={chartLabel} description={title} data={data} columns={columns} />
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
                {data.map((d) => (
                  <tr key={d.label}>
                    <th scope="row" className="fw-normal">
                      {d.label}
                    </th>
                    <td className="text-end">{shown(d)}</td>
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
