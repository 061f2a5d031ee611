import { escapeMarkup as escapeXml } from '../../../common/text/escape-markup';
import type { OccupancyDay } from './occupancy';
import { minuteOf } from '../../../common/time/calendar';

const DAY_NAMES = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const ROW = 34;
const LEFT = 96;
const TOP = 48;
const PX_PER_MIN = 0.75;

/** Surnombre within the law: above the places of the instant, within the 115 % limit of a week with T ≤ 100. */
const SURNOMBRE_FILL = '#b3541e';

/**
 * The limit that applies to a segment (docs/rules.md §2): the 115 % limit when the crèche enables surnombre and the
 * week's occupancy T is at most 100, otherwise the places of the instant.
 */
export function applicableLimit(
  s: { limit: number; surnombreLimit: number | null },
  weekT: number | undefined,
): number {
  return s.surnombreLimit !== null && weekT !== undefined && weekT <= 100 ? s.surnombreLimit : s.limit;
}

/**
 * Green (empty) → amber → red (full), by the share of the instant's places in use; lawful surnombre in its own
 * colour; purple only above the limit that applies (impossible by construction, shown distinctly if ever seen).
 */
export function fillFor(present: number, limit: number, applicable = limit): string {
  if (present > applicable) return '#7b1fa2';
  if (present > limit) return SURNOMBRE_FILL;
  if (present === 0) return '#eef3ee';
  const ratio = limit === 0 ? 1 : present / limit;
  const hue = Math.round(120 - 120 * ratio);
  return `hsl(${hue}, 70%, ${Math.round(70 - 20 * ratio)}%)`;
}

/**
 * A heat map of one week: one row per day, time of day across, each segment coloured by present/limit, atypical
 * hours hatched, with a tooltip per segment. Plain SVG, viewable in any browser.
 */
export function renderOccupancySvg(input: {
  title: string;
  isoWeek: string;
  days: readonly OccupancyDay[];
  weekT?: number;
}): string {
  const all = input.days.flatMap((d) => d.segments);
  const start = all.length ? Math.min(...all.map((s) => minuteOf(s.from))) : 7 * 60;
  const end = all.length ? Math.max(...all.map((s) => minuteOf(s.to))) : 19 * 60;
  const first = Math.floor(start / 60) * 60;
  const last = Math.ceil(end / 60) * 60;
  // Wide enough for the legend, whatever the opening hours.
  const width = Math.max(LEFT + 560, LEFT + (last - first) * PX_PER_MIN + 24);
  const height = TOP + 7 * ROW + 40;
  const x = (m: number) => LEFT + (m - first) * PX_PER_MIN;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, sans-serif" font-size="12">`,
    `<defs><pattern id="atypical" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-opacity="0.25" stroke-width="2"/></pattern></defs>`,
    `<title>${escapeXml(`${input.title} — ${input.isoWeek}`)}</title>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${escapeXml(`${input.title} — semaine ${input.isoWeek}`)}</text>`,
  );
  for (let m = first; m <= last; m += 60) {
    parts.push(`<line x1="${x(m)}" y1="${TOP - 6}" x2="${x(m)}" y2="${TOP + 7 * ROW}" stroke="#ccc"/>`);
    parts.push(
      `<text x="${x(m)}" y="${TOP - 10}" text-anchor="middle" fill="#555">${String(m / 60).padStart(2, '0')}h</text>`,
    );
  }
  for (let wd = 1; wd <= 7; wd += 1) {
    const y = TOP + (wd - 1) * ROW;
    const day = input.days.find((d) => d.weekday === wd);
    parts.push(
      `<text x="8" y="${y + ROW / 2 + 4}">${DAY_NAMES[wd]}${day ? ` ${day.date.slice(8, 10)}/${day.date.slice(5, 7)}` : ''}</text>`,
    );
    if (!day || day.segments.length === 0) {
      parts.push(`<text x="${LEFT + 4}" y="${y + ROW / 2 + 4}" fill="#999">fermé</text>`);
      continue;
    }
    for (const s of day.segments) {
      const x0 = x(minuteOf(s.from));
      const w = Math.max(1, x(minuteOf(s.to)) - x0);
      const applicable = applicableLimit(s, input.weekT);
      const over = s.present > applicable;
      const surnombre = !over && s.present > s.limit;
      const label = `${day.date} ${s.from}–${s.to} : ${s.present} enfant(s) / ${s.limit} place(s)${s.atypical ? ' · horaires atypiques' : ''}${surnombre ? ` · surnombre autorisé (limite ${applicable})` : ''}${over ? ' · DÉPASSEMENT' : ''}`;
      parts.push(
        `<g class="segment" data-date="${day.date}" data-from="${s.from}" data-to="${s.to}" data-present="${s.present}" data-limit="${s.limit}" data-applicable-limit="${applicable}" data-atypical="${s.atypical}"${over ? ' data-over="true"' : ''}${surnombre ? ' data-surnombre="true"' : ''}>`,
        `<title>${escapeXml(label)}</title>`,
        `<rect x="${x0}" y="${y + 2}" width="${w}" height="${ROW - 4}" fill="${fillFor(s.present, s.limit, applicable)}"${over ? ' stroke="#000" stroke-width="2"' : ''}/>`,
        s.atypical ? `<rect x="${x0}" y="${y + 2}" width="${w}" height="${ROW - 4}" fill="url(#atypical)"/>` : '',
        w > 28
          ? `<text x="${x0 + w / 2}" y="${y + ROW / 2 + 4}" text-anchor="middle" font-size="11">${s.present}/${s.limit}</text>`
          : '',
        `</g>`,
      );
    }
  }
  const ly = TOP + 7 * ROW + 22;
  parts.push(
    `<rect x="${LEFT}" y="${ly - 11}" width="14" height="14" fill="${fillFor(1, 4)}"/><text x="${LEFT + 20}" y="${ly}">peu occupé</text>`,
    `<rect x="${LEFT + 110}" y="${ly - 11}" width="14" height="14" fill="${fillFor(4, 4)}"/><text x="${LEFT + 130}" y="${ly}">complet</text>`,
    `<rect x="${LEFT + 200}" y="${ly - 11}" width="14" height="14" fill="#fff" stroke="#999"/><rect x="${LEFT + 200}" y="${ly - 11}" width="14" height="14" fill="url(#atypical)"/><text x="${LEFT + 220}" y="${ly}">horaires atypiques</text>`,
    `<rect x="${LEFT + 350}" y="${ly - 11}" width="14" height="14" fill="${SURNOMBRE_FILL}"/><text x="${LEFT + 370}" y="${ly}">surnombre autorisé (115 %)</text>`,
    `</svg>`,
  );
  return parts.join('');
}
