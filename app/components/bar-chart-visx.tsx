/**
 * A horizontal bar chart rendered as SVG on the server (visx: scales and shapes, no client code),
 * so it shows without JavaScript. It is an image with a title and a description; the page puts the
 * same figures in a table right after it, which is what screen readers and keyboards use.
 */
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';

export interface BarDatum {
  label: string;
  value: number;
  /** text shown at the end of the bar (defaults to the value) */
  display?: string;
}

const WIDTH = 640;
const LABEL = 220;
const ROW = 34;

export function BarChart({ id, title, description, data, max }: { id: string; title: string; description: string; data: BarDatum[]; max?: number }) {
  const height = Math.max(1, data.length) * ROW + 8;
  const x = scaleLinear<number>({ domain: [0, Math.max(1, max ?? Math.max(...data.map((d) => d.value), 1))], range: [0, WIDTH - LABEL - 70] });
  const y = scaleBand<string>({ domain: data.map((d) => d.label), range: [4, height - 4], padding: 0.25 });
  return (
    <svg id={id} className="aula-chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} style={{ maxWidth: `${WIDTH}px` }}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <Group left={LABEL}>
        {data.map((d) => {
          const top = y(d.label) ?? 0;
          const w = x(d.value);
          return (
            <g key={d.label}>
              <text x={-8} y={top + y.bandwidth() / 2} textAnchor="end" dominantBaseline="middle" fontSize={14} fill="#1a1a1a">
                {d.label.length > 30 ? `${d.label.slice(0, 29)}…` : d.label}
              </text>
              <Bar x={0} y={top} width={Math.max(w, d.value > 0 ? 2 : 0)} height={y.bandwidth()} fill="#0066cc" />
              <text x={w + 6} y={top + y.bandwidth() / 2} dominantBaseline="middle" fontSize={14} fill="#1a1a1a">
                {d.display ?? String(d.value)}
              </text>
            </g>
          );
        })}
      </Group>
    </svg>
  );
}
