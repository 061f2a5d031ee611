import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { numberFr, type BarSeries } from './dashboard-view';

// Only the pieces a bar chart needs (Chart.js is tree-shaken): this module is loaded with import() by the dashboard,
// so the families' pages never download it.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * The DSFR's data-visualisation look, as @gouvfr/dsfr-chart gives it to Chart.js: the Marianne font, its categorical
 * palette (colours 01, 03, 04, 06 and 13 of its light theme, each at least 3:1 against white but the last), grey
 * dashed value lines, no tick marks. The text is the DSFR's default grey (#3a3a3a) rather than dsfr-chart's lighter
 * one, for contrast.
 */
export const DSFR_CHART_PALETTE = ['#5C68E5', '#29598F', '#31A7AE', '#B478F1', '#EFB900'] as const;
const TEXT = '#3a3a3a';
const GRID = '#cecece';
Chart.defaults.font.family = 'Marianne, arial, sans-serif';
Chart.defaults.font.size = 12;

export interface BarChartProps {
  readonly data: BarSeries;
  /** What the chart shows: its accessible name (the figures themselves are in the table that follows). */
  readonly title: string;
  /** Unit appended to the values in tooltips and on the value axis ("h", "%"). */
  readonly unit: string;
  readonly horizontal?: boolean;
  /** The value axis' maximum (100 for a share). */
  readonly max?: number;
  /** The drawing's height in px (its width follows the page). */
  readonly height: number;
}

/** A bar chart drawn on a canvas with Chart.js; a secret value (null) draws no bar. */
export default function BarChart({ data, title, unit, horizontal = false, max, height }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const valueAxis = {
      beginAtZero: true,
      ...(max !== undefined ? { max } : {}),
      grid: { color: GRID, drawTicks: false },
      border: { display: false, dash: [3] },
      ticks: { padding: 6, color: TEXT, callback: (v: string | number) => `${numberFr(Number(v))} ${unit}` },
    };
    const categoryAxis = { grid: { display: false, drawTicks: false }, ticks: { padding: 6, color: TEXT } };
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: [...data.labels],
        datasets: data.series.map((s, i) => ({
          label: s.name,
          data: [...s.values],
          backgroundColor: DSFR_CHART_PALETTE[i % DSFR_CHART_PALETTE.length],
          maxBarThickness: 32,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: 'fr-FR',
        color: TEXT,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: {
            position: 'bottom',
            align: 'start',
            labels: { color: TEXT, usePointStyle: true, pointStyle: 'circle', boxWidth: 8, boxHeight: 8 },
          },
          tooltip: {
            backgroundColor: '#161616',
            callbacks: {
              label: (ctx) =>
                `${ctx.dataset.label ?? ''} : ${ctx.raw === null ? 'secret' : `${numberFr(Number(ctx.raw))} ${unit}`}`,
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [data, unit, horizontal, max]);
  return (
    <div className="territory-chart" style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={`${title}. Les chiffres figurent dans le tableau qui suit.`}>
        {title} : les chiffres figurent dans le tableau qui suit.
      </canvas>
    </div>
  );
}
