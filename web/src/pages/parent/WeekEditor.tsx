import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type PointerEvent } from 'react';
import { timeOfDay, WEEKDAYS } from '../public/quote-form';
import { atypicalReasons, type Week } from './application-form';
import './week-editor.css';

interface Props {
  /** Unique per editor on the page: ids and field names are built from it. */
  readonly idPrefix: string;
  /** Said before each day's label, e.g. "Crèche Les Lucioles : " for a crèche's own week. */
  readonly labelPrefix?: string;
  readonly week: Week;
  readonly onChange: (week: Week) => void;
  readonly dayError: (weekday: number) => string | undefined;
}

/** The grid: 05:00 to 22:00 in half hours. */
const FIRST = 5 * 60;
const LAST = 22 * 60;
const STEP = 30;
const ROWS = (LAST - FIRST) / STEP;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (typed: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(timeOfDay(typed));
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
/** Atypical hours (the territory default): before 07:30, after 19:00, Saturday, Sunday. */
const atypicalCell = (weekday: number, start: number) => weekday >= 6 || start < 7 * 60 + 30 || start >= 19 * 60;
const SHORT = ['', 'Lun', 'Mar', 'Mer', 'Jeu', 'Ven', 'Sam', 'Dim'];

/**
 * A week: for each day an arrival and a departure time, typed (keyboard users, any time) or drawn on the grid with
 * the mouse or a finger (half hours, dragged down a day's column). Atypical hours are hatched on the grid and said in
 * words beside each day.
 */
export function WeekEditor({ idPrefix, labelPrefix = '', week, onChange, dayError }: Props) {
  const [drag, setDrag] = useState<{ weekday: number; from: number; to: number } | null>(null);
  /** A finger's first tap: the arrival's half hour, waiting for the departure's tap in the same column. */
  const [anchor, setAnchor] = useState<{ weekday: number; start: number } | null>(null);
  /** Where a finger went down; a tap if it comes up there, a scroll if the browser takes it over (pointercancel). */
  const [touchDown, setTouchDown] = useState<{ weekday: number; start: number } | null>(null);
  const setDay = (weekday: number, patch: { from?: string; to?: string }) =>
    onChange(week.map((d) => (d.weekday === weekday ? { ...d, ...patch } : d)));

  const cellAt = (e: PointerEvent<HTMLDivElement>) => {
    const target = document.elementFromPoint(e.clientX, e.clientY) as HTMLElement | null;
    const weekday = Number(target?.dataset.weekday);
    const start = Number(target?.dataset.start);
    return Number.isFinite(weekday) && Number.isFinite(start) && target?.dataset.weekday ? { weekday, start } : null;
  };
  const inDayHours = (weekday: number, start: number) => {
    const day = week.find((d) => d.weekday === weekday)!;
    const [f, t] = [minutes(day.from), minutes(day.to)];
    return f !== null && t !== null && start >= f && start < t;
  };
  const setRange = (weekday: number, from: number, to: number) => {
    const [a, b] = [Math.min(from, to), Math.max(from, to) + STEP];
    setDay(weekday, { from: hhmm(a), to: hhmm(b) });
  };

  // A finger scrolls the page over the grid (touch-action in week-editor.css) and draws with two taps: the arrival's
  // half hour, then the departure's. Dragging down a column drew hours into the request where the parent only meant
  // to scroll, on a grid taller than half a phone's screen.
  const tap = (cell: { weekday: number; start: number }) => {
    if (anchor && anchor.weekday === cell.weekday) {
      setRange(cell.weekday, anchor.start, cell.start);
      setAnchor(null);
    } else if (!anchor && inDayHours(cell.weekday, cell.start)) setDay(cell.weekday, { from: '', to: '' });
    else setAnchor(cell);
  };

  const down = (e: PointerEvent<HTMLDivElement>) => {
    const cell = cellAt(e);
    if (!cell) return;
    if (e.pointerType !== 'mouse') {
      setTouchDown(cell);
      return;
    }
    e.preventDefault();
    setDrag({ weekday: cell.weekday, from: cell.start, to: cell.start + STEP });
  };
  const moveOver = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const cell = cellAt(e);
    if (!cell || cell.weekday !== drag.weekday) return;
    setDrag({ ...drag, to: cell.start + STEP });
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType !== 'mouse') {
      const cell = cellAt(e);
      if (touchDown && cell && cell.weekday === touchDown.weekday && cell.start === touchDown.start) tap(cell);
      setTouchDown(null);
      return;
    }
    endDrag();
  };
  const endDrag = () => {
    if (!drag) return;
    const a = Math.min(drag.from, drag.to - STEP);
    const b = Math.max(drag.from + STEP, drag.to);
    // A single click on a day's hours already set clears the day.
    const click = drag.to === drag.from + STEP;
    if (click && inDayHours(drag.weekday, drag.from)) setDay(drag.weekday, { from: '', to: '' });
    else setDay(drag.weekday, { from: hhmm(a), to: hhmm(b) });
    setDrag(null);
  };

  const shown = (weekday: number, start: number) => {
    if (drag && drag.weekday === weekday) {
      const a = Math.min(drag.from, drag.to - STEP);
      const b = Math.max(drag.from + STEP, drag.to);
      return start >= a && start < b;
    }
    if (anchor && anchor.weekday === weekday) return start === anchor.start;
    return inDayHours(weekday, start);
  };

  return (
    <div className="berceau-week">
      <p className="fr-hint-text" id={`${idPrefix}-aide`}>
        Pour chaque jour d’accueil, l’heure d’arrivée et l’heure de départ (par exemple 08:00 ou 8h30) ; laissez vides
        les autres jours. Vous pouvez aussi tracer les horaires sur la grille en glissant le long d’une journée avec la
        souris, ou sur un écran tactile en touchant l’heure d’arrivée puis l’heure de départ (un clic ou une touche sur
        des horaires tracés les efface). Les horaires atypiques (avant 7 h 30, après 19 h, le samedi et le dimanche)
        sont hachurés sur la grille et signalés en toutes lettres : toutes les crèches ne les proposent pas.
      </p>
      {/* The grid repeats the fields below for the mouse and touch: screen readers and the keyboard use the fields. */}
      <div
        className="berceau-week-grid"
        aria-hidden="true"
        data-testid={`${idPrefix}-grille`}
        onPointerDown={down}
        onPointerMove={moveOver}
        onPointerUp={up}
        onPointerCancel={() => setTouchDown(null)}
        onPointerLeave={endDrag}
      >
        <div className="berceau-week-corner" />
        {WEEKDAYS.map(({ weekday }) => (
          <div key={weekday} className={`berceau-week-head${weekday >= 6 ? ' berceau-atypical' : ''}`}>
            {SHORT[weekday]}
          </div>
        ))}
        {Array.from({ length: ROWS }, (_, row) => {
          const start = FIRST + row * STEP;
          return [
            <div key={`h${row}`} className="berceau-week-time">
              {start % 60 === 0 ? hhmm(start) : ''}
            </div>,
            ...WEEKDAYS.map(({ weekday }) => (
              <div
                key={`${weekday}-${row}`}
                data-weekday={weekday}
                data-start={start}
                className={[
                  'berceau-week-cell',
                  start % 60 === 0 ? 'berceau-week-hour' : '',
                  atypicalCell(weekday, start) ? 'berceau-atypical' : '',
                  shown(weekday, start) ? 'berceau-week-on' : '',
                ].join(' ')}
              />
            )),
          ];
        })}
      </div>
      <p className="fr-hint-text fr-mt-1w">
        Sur la grille : les cases hachurées sont des horaires atypiques ; les cases pleines, les horaires demandés.
      </p>
      {anchor && (
        <p className="fr-text--sm fr-mb-1w" data-testid={`${idPrefix}-grille-suite`}>
          {`${WEEKDAYS.find((d) => d.weekday === anchor.weekday)!.label} à partir de ${hhmm(anchor.start)} : touchez maintenant la dernière demi-heure, dans la même colonne.`}
        </p>
      )}
      {WEEKDAYS.map(({ weekday, label }) => {
        const day = week.find((d) => d.weekday === weekday)!;
        const atypical = atypicalReasons(day);
        const error = dayError(weekday);
        const errorId = `${idPrefix}-jour-${weekday}-erreur`;
        const invalid = error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};
        return (
          <div key={weekday} className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
            <div className="fr-col-12 fr-col-md-3">
              <p className="fr-text--bold fr-mb-0">{label}</p>
              {atypical.length > 0 && (
                <Badge severity="warning" small>
                  {`Horaires atypiques : ${atypical.join(', ')}`}
                </Badge>
              )}
            </div>
            <div className="fr-col-6 fr-col-md-3">
              <Input
                label={`${labelPrefix}${label} : arrivée`}
                nativeInputProps={{
                  ...invalid,
                  inputMode: 'numeric',
                  autoComplete: 'off',
                  placeholder: 'hh:mm',
                  name: `${idPrefix}-${weekday}-from`,
                  value: day.from,
                  onChange: (e) => setDay(weekday, { from: e.target.value }),
                }}
              />
            </div>
            <div className="fr-col-6 fr-col-md-3">
              <Input
                label={`${labelPrefix}${label} : départ`}
                nativeInputProps={{
                  ...invalid,
                  inputMode: 'numeric',
                  autoComplete: 'off',
                  placeholder: 'hh:mm',
                  name: `${idPrefix}-${weekday}-to`,
                  value: day.to,
                  onChange: (e) => setDay(weekday, { to: e.target.value }),
                }}
              />
            </div>
            {error && (
              <p className="fr-col-12 fr-error-text fr-mt-0" id={errorId}>
                {`${label} : ${error}`}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
