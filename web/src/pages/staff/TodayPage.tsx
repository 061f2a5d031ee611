import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, fieldErrorsOf, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { Confirmation, ConfirmedButton } from '../../components/Confirmation';
import { addDays } from './occupancy/heat-map';
import { CrecheChooser } from './staff-creche';
import { CertificateUpload, TimeCorrection } from './today-corrections';
import { civilMinuteOf, minutesOfTime, timeOf } from '../../../../src/modules/attendance/domain/attendance-time';
import { dueForWholeDay, wholeDayDueBy } from '../../../../src/modules/attendance/domain/whole-day';
import { useTodayInFrance } from './use-today';
import { useMe } from '../../me';
import { useSingleFlight } from '../../components/use-single-flight';
import { formatFrench } from '../../../../src/common/text/french-dates';

type DayChild = components['schemas']['DayChildDto'];
type Reason = components['schemas']['CreateAbsenceDto']['reason'];

/** The reasons of an absence, as the staff say them (the invoice deducts some: docs/rules.md#r81). */
const REASONS: readonly { value: Reason; label: string }[] = [
  { value: 'ILLNESS', label: 'Maladie' },
  { value: 'HOSPITALISATION', label: 'Hospitalisation' },
  { value: 'DOCTOR_EXCLUSION', label: 'Éviction par le médecin de la crèche' },
  { value: 'EXCEPTIONAL_CLOSURE', label: 'Fermeture exceptionnelle de la crèche' },
  { value: 'UNEXCUSED', label: 'Absence non justifiée' },
];
/** null: a staff account is not told why (health data), only that the child is absent. */
const reasonFr = (r: Reason | null) => (r === null ? 'Absence' : (REASONS.find((x) => x.value === r)?.label ?? r));

const PLANNED_KIND_FR: Readonly<Record<string, string>> = {
  CONTRACT: 'contrat',
  OCCASIONAL: 'accueil occasionnel',
  EMERGENCY: "accueil d'urgence",
};

const longDateFr = (iso: string) =>
  formatFrench(
    new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    new Date(`${iso}T12:00:00Z`),
  );
/** "de Léo", "d'Inès": French elides "de" before a vowel. */
const ofName = (name: string) => (/^[aeiouyàâäéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`);
const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Aujourd'hui (issue #19), the crèche's day on a tablet: the children expected today with what was planned, one
 * button to check each in and one to check them out (or the whole day at once, confirmed), an absence with its reason
 * and its certificate (or removed, confirmed, when recorded by mistake), and the times of a check-in or check-out
 * corrected. For managers and admins; the crèche's staff accounts (CRECHE_STAFF) check children in and out, and the
 * absences, certificates and corrections stay the managers'.
 */
export function TodayPage() {
  const today = useTodayInFrance();
  return (
    <>
      <h1>Aujourd'hui</h1>
      <p>{longDateFr(today)}</p>
      {/* A new day starts afresh: its list, and no form left open from the day before. */}
      <CrecheChooser>
        {(creche) => <Day key={`${creche.id} ${today}`} crecheId={creche.id} date={today} />}
      </CrecheChooser>
    </>
  );
}

/**
 * How often the day's list is read again while the page is in view: the crèche's other tablet (or the manager's desk)
 * checks children in too, and a list left as it was would offer « Arrivée » for a child already here.
 */
const DAY_REFRESH_MS = 20_000;

/** A check refused because the day changed elsewhere (another tablet was quicker): the list is read again at once. */
const changedElsewhere = (e: unknown) => isApiError(e) && e.statusCode === 409 && e.code.startsWith('ATTENDANCE.');

function Day({ crecheId, date }: { crecheId: string; date: string }) {
  const queryKey = ['creches', crecheId, 'attendance', date];
  const day = useQuery({
    queryKey,
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/attendance', { params: { path: { id: crecheId }, query: { date } } })),
    refetchInterval: DAY_REFRESH_MS,
  });
  const [announce, setAnnounce] = useState('');
  // Departures forgotten on earlier days are the managers' to enter (the staff's tablet shows today only).
  const manages = useMe().data?.role !== 'CRECHE_STAFF';
  if (day.isPending) return <p>Chargement des enfants attendus…</p>;
  if (day.error) return <Alert severity="error" small description={frenchError(day.error)} />;
  const children = day.data.children.filter(expectedToday);
  // Under contract but with no slot today: listed apart, an arrival then counts as extra hours.
  const others = day.data.children.filter((c) => !expectedToday(c));
  const listOf = (rows: readonly DayChild[]) => (
    <ul className="fr-raw-list">
      {rows.map((child) => (
        <ChildRow
          key={child.childId}
          crecheId={crecheId}
          date={date}
          child={child}
          onDone={setAnnounce}
          dayKey={queryKey}
        />
      ))}
    </ul>
  );
  const here = children.filter((c) => c.actual && !c.actual.leftAt).length;
  const absent = children.filter((c) => c.absence).length;
  return (
    <>
      {manages && <OpenArrivals crecheId={crecheId} dayKey={queryKey} onDone={setAnnounce} />}
      <h2>Enfants attendus ({children.length})</h2>
      <p>
        {here} présent{here > 1 ? 's' : ''} en ce moment, {absent} absent{absent > 1 ? 's' : ''}.
      </p>
      <p className="fr-sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <WholeDay crecheId={crecheId} dayChildren={children} dayKey={queryKey} onDone={setAnnounce} />
      {children.length === 0 ? <p>Aucun enfant n'est attendu aujourd'hui.</p> : listOf(children)}
      {others.length > 0 && (
        <>
          <h3>Sans créneau aujourd'hui ({others.length})</h3>
          <p>Sous contrat mais pas prévus ce jour : une arrivée compte en heures en plus du contrat.</p>
          {listOf(others)}
        </>
      )}
      <PlacesOfDay crecheId={crecheId} date={date} />
    </>
  );
}

/** Planned today (a contract slot or a booking), or already here or noted absent. */
const expectedToday = (c: DayChild) => c.planned.length > 0 || c.actual !== null || c.absence !== null;

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
/** "Léo (à partir de 07:30), Jade (à partir de 13:00)": each child and the start of its first slot today, so a later one is seen. */
const namesWithStart = (rows: readonly DayChild[]) =>
  rows
    .map((c) => {
      const first = [...c.planned].sort((a, b) => (a.from < b.from ? -1 : 1))[0];
      return first ? `${c.firstName} (à partir de ${first.from})` : c.firstName;
    })
    .join(', ');

/** The child's planned slots today in minutes, as the API weighs them for the whole day (R8.9). */
const slotsOf = (c: DayChild) => c.planned.map((p) => ({ from: minutesOfTime(p.from)!, to: minutesOfTime(p.to)! }));
/** "10:00", or « minuit » for the day's end. */
const untilFr = (minute: number) => (minute >= 24 * 60 ? 'minuit' : timeOf(minute));
/** The tablet's time of day in France, in minutes, looked at every 30 s so the button follows the children due. */
function useMinuteInFrance(): number {
  const [minute, setMinute] = useState(() => civilMinuteOf(new Date()));
  useEffect(() => {
    const timer = setInterval(() => setMinute(civilMinuteOf(new Date())), 30_000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}

/**
 * The whole day's arrival, asked first: the children due named, then apart those expected later and those whose day
 * is over.
 */
function arrivalsQuestion(
  due: readonly DayChild[],
  later: readonly DayChild[],
  over: readonly DayChild[],
  dueBy: number,
  nextStart: (c: DayChild) => number | undefined,
): string {
  const many = due.length > 1;
  const laterText = later.length
    ? ` ${later.length > 1 ? 'Attendus plus tard, pointés chacun à son arrivée' : 'Attendu plus tard, pointé à son arrivée'} : ${later.map((c) => `${c.firstName} (à partir de ${timeOf(nextStart(c)!)})`).join(', ')}.`
    : '';
  const overText = over.length
    ? ` ${over.length > 1 ? 'Journées prévues déjà finies, non pointés' : 'Journée prévue déjà finie, non pointé'} : ${over.map((c) => `${c.firstName} (jusqu’à ${timeOf(Math.max(...slotsOf(c).map((s) => s.to)))})`).join(', ')}.`
    : '';
  return (
    `Pointer maintenant l’arrivée ${many ? `des ${due.length} enfants attendus` : 'de l’enfant attendu'} d’ici ${untilFr(dueBy)} ` +
    `et pas encore ${many ? 'arrivés' : 'arrivé'} : ${namesWithStart(due)} ? Les enfants absents ne sont pas pointés.${laterText}${overText}`
  );
}

/**
 * The whole day at once (POST …/attendance/day/check-in and …/day/check-out): every child due (a slot under way or
 * starting within 30 minutes: `dueForWholeDay`, the API's own rule) and not yet in arrives now, absent children, those
 * expected later and those whose planned hours are over left out; every child still here leaves now. Each asks for a
 * confirmation first, naming the children.
 */
function WholeDay({
  crecheId,
  dayChildren,
  dayKey,
  onDone,
}: {
  crecheId: string;
  dayChildren: readonly DayChild[];
  dayKey: readonly unknown[];
  onDone: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  // The day's end at once is a manager's: it would bill the extra hours of a child picked up without a check-out.
  const manages = useMe().data?.role !== 'CRECHE_STAFF';
  const [asked, setAsked] = useState<'in' | 'out' | null>(null);
  const minuteNow = useMinuteInFrance();
  // The minute the arrivals' question was asked at: the children it names are those the API is sent (expectedBy).
  const [askedAt, setAskedAt] = useState(minuteNow);
  const minute = asked === 'in' ? askedAt : minuteNow;
  const dueBy = wholeDayDueBy(minute);
  const triggers = { in: useRef<HTMLButtonElement>(null), out: useRef<HTMLButtonElement>(null) };
  const notIn = dayChildren.filter((c) => !c.actual && !c.absence);
  const due = notIn.filter((c) => dueForWholeDay(slotsOf(c), minute, dueBy));
  const nextStart = (c: DayChild) => {
    const starts = slotsOf(c)
      .filter((s) => s.from > dueBy)
      .map((s) => s.from);
    return starts.length ? Math.min(...starts) : undefined;
  };
  const later = notIn.filter((c) => !due.includes(c) && nextStart(c) !== undefined);
  const over = notIn.filter((c) => !due.includes(c) && nextStart(c) === undefined);
  const waiting = due.length;
  const here = dayChildren.filter((c) => c.actual && !c.actual.leftAt).length;
  const all = useMutation({
    mutationFn: async (direction: 'in' | 'out') =>
      direction === 'in'
        ? await unwrap(
            api.POST('/api/creches/{id}/attendance/day/check-in', {
              params: { path: { id: crecheId } },
              body: { expectedBy: timeOf(dueBy) },
            }),
          )
        : await unwrap(
            api.POST('/api/creches/{id}/attendance/day/check-out', { params: { path: { id: crecheId } }, body: {} }),
          ),
    onSuccess: async (rows, direction) => {
      setAsked(null);
      onDone(
        direction === 'in'
          ? `${plural(rows.length, 'arrivée pointée', 'arrivées pointées')}.`
          : `${plural(rows.length, 'départ pointé', 'départs pointés')}.`,
      );
      await queryClient.invalidateQueries({ queryKey: dayKey });
    },
    onError: async (e) => {
      if (changedElsewhere(e)) await queryClient.invalidateQueries({ queryKey: dayKey });
    },
  });
  const cancel = () => {
    const back = asked;
    setAsked(null);
    if (back) setTimeout(() => triggers[back].current?.focus());
  };
  // No heading without a button under it: a staff account has no day's end to offer.
  if (!waiting && !(here && manages) && !all.isSuccess) return null;
  return (
    <section aria-labelledby="toute-la-journee" className="fr-mb-3w">
      <h3 id="toute-la-journee" className="fr-h6 fr-mb-1w">
        Toute la journée
      </h3>
      {all.error && <Alert className="fr-mb-2w" severity="error" small description={frenchError(all.error)} />}
      <div aria-live="polite">
        {all.isSuccess && (
          <p className="fr-mb-1w">
            {all.variables === 'in'
              ? `${plural(all.data.length, 'arrivée pointée', 'arrivées pointées')} à l’instant.`
              : `${plural(all.data.length, 'départ pointé', 'départs pointés')} à l’instant.`}
          </p>
        )}
      </div>
      {asked ? (
        <Confirmation
          id="journee-confirmation"
          question={
            asked === 'in'
              ? arrivalsQuestion(due, later, over, dueBy, nextStart)
              : `Pointer maintenant le départ ${here > 1 ? `des ${here} enfants encore présents` : "de l'enfant encore présent"} : ${dayChildren
                  .filter((c) => c.actual && !c.actual.leftAt)
                  .map((c) => c.firstName)
                  .join(', ')} ?`
          }
          confirmLabel={asked === 'in' ? 'Confirmer les arrivées' : 'Confirmer les départs'}
          cancelLabel="Annuler"
          pending={all.isPending}
          onConfirm={() => all.mutate(asked)}
          onCancel={cancel}
        />
      ) : (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
          {waiting > 0 && (
            <li>
              <Button
                ref={triggers.in}
                priority="secondary"
                iconId="ri-login-box-line"
                onClick={() => {
                  all.reset();
                  setAskedAt(minuteNow);
                  setAsked('in');
                }}
              >
                Tout le monde est arrivé
              </Button>
            </li>
          )}
          {here > 0 && manages && (
            <li>
              <Button
                ref={triggers.out}
                priority="secondary"
                iconId="fr-icon-logout-box-r-line"
                onClick={() => {
                  all.reset();
                  setAsked('out');
                }}
              >
                Tout le monde est parti
              </Button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

/**
 * Départs non pointés: arrivals of earlier days still without a departure (a Saturday's tablet forgot it), each with a
 * form to enter it (PATCH /attendance/:id, audited). Until then the month cannot be invoiced (INVOICE.ATTENDANCE_OPEN:
 * Facturation and the morning job's e-mail send the manager here). A child staying the night since yesterday is on
 * today's list instead.
 */
function OpenArrivals({
  crecheId,
  dayKey,
  onDone,
}: {
  crecheId: string;
  dayKey: readonly unknown[];
  onDone: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const key = ['creches', crecheId, 'attendance', 'open'];
  const open = useQuery({
    queryKey: key,
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/attendance/open', { params: { path: { id: crecheId } } })),
  });
  const refresh = async (message: string) => {
    onDone(message);
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: dayKey });
  };
  if (open.error)
    return (
      <Alert
        className="fr-mb-3w"
        severity="error"
        small
        description={`Les départs non pointés des jours précédents n’ont pas pu être lus : ${frenchError(open.error)}`}
      />
    );
  if (!open.data?.length) return null;
  const n = open.data.length;
  return (
    <section aria-labelledby="departs-non-pointes" className="fr-mb-4w">
      <h2 id="departs-non-pointes" className="fr-h4">
        Départs non pointés ({n})
      </h2>
      <Alert
        className="fr-mb-2w"
        severity="warning"
        small
        description={`${n > 1 ? `${n} enfants ont été pointés arrivés` : 'Un enfant a été pointé arrivé'} un jour précédent, sans départ. Saisissez l’heure de départ : tant qu’elle manque, le mois ne peut pas être facturé.`}
      />
      <ul className="fr-raw-list">
        {open.data.map((r) => (
          <li key={r.id} className="fr-mb-2w">
            <p className="fr-mb-1w">
              <strong>{r.firstName}</strong> : {longDateFr(r.date)}, arrivée pointée à {r.arrivedAt}
            </p>
            <TimeCorrection
              actual={r}
              ofName={ofName(r.firstName)}
              label={`Saisir le départ ${ofName(r.firstName)} (${frDate(r.date)})`}
              departureHint={`L’heure à laquelle l’enfant est parti le ${frDate(r.date)}`}
              onDone={refresh}
              onStale={() => queryClient.invalidateQueries({ queryKey: key })}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The places the day's plan uses beside the places open, slot by slot (the contracts and bookings, not the absences). */
function PlacesOfDay({ crecheId, date }: { crecheId: string; date: string }) {
  const occupancy = useQuery({
    queryKey: ['creches', crecheId, 'occupancy', date],
    queryFn: async () =>
      await unwrap(
        api.GET('/api/creches/{id}/occupancy', { params: { path: { id: crecheId }, query: { from: date, to: date } } }),
      ),
  });
  const segments = occupancy.data?.days.find((d) => d.date === date)?.segments ?? [];
  return (
    <>
      <h2 className="fr-mt-4w">Places prévues aujourd'hui</h2>
      {occupancy.isPending ? (
        <p>Chargement…</p>
      ) : occupancy.error ? (
        <Alert severity="error" small description={frenchError(occupancy.error)} />
      ) : segments.length === 0 ? (
        <p>La crèche est fermée aujourd'hui.</p>
      ) : (
        <Table
          caption="Enfants prévus et places ouvertes, créneau par créneau"
          noCaption
          headers={['Créneau', 'Enfants prévus', 'Places']}
          data={segments.map((g) => [
            `${g.from}–${g.to}`,
            g.present > g.limit ? `${g.present} (au-delà des places)` : String(g.present),
            String(g.limit),
          ])}
        />
      )}
    </>
  );
}

/** A refused check-in or check-out, in French: the API's own sentence for its conflicts, the arrival's time for a too early departure. */
function checkErrorFr(e: unknown, child: DayChild): string {
  if (isApiError(e) && e.code === 'VALIDATION.FAILED' && fieldErrorsOf(e).some((d) => d.field === 'time'))
    return `Le départ doit être pointé après l'arrivée (${child.actual?.arrivedAt ?? ''}) : réessayez dans une minute, ou faites corriger l'heure d'arrivée par la direction.`;
  if (isApiError(e) && e.code.startsWith('ATTENDANCE.')) return e.message;
  return frenchError(e);
}

/**
 * The child's state today, in words that fit a girl as a boy (« Arrivé à » was read on Jade's card), an absence with
 * its last day when it goes on after today.
 */
function status(child: DayChild, date: string): { text: string; severity: 'info' | 'success' | 'warning' | 'new' } {
  const a = child.absence;
  if (a) {
    const what =
      a.reason === null ? 'Absence' : a.reason === 'UNEXCUSED' ? reasonFr(a.reason) : `Absence : ${reasonFr(a.reason)}`;
    return { text: a.to > date ? `${what}, jusqu'au ${frDate(a.to)}` : what, severity: 'warning' };
  }
  if (!child.actual) return { text: 'Pas encore là', severity: 'info' };
  if (!child.actual.leftAt) return { text: `Arrivée : ${child.actual.arrivedAt}`, severity: 'success' };
  return { text: `Départ : ${child.actual.leftAt} (arrivée : ${child.actual.arrivedAt})`, severity: 'new' };
}

function ChildRow({
  crecheId,
  date,
  child,
  onDone,
  dayKey,
}: {
  crecheId: string;
  date: string;
  child: DayChild;
  onDone: (message: string) => void;
  dayKey: readonly unknown[];
}) {
  const queryClient = useQueryClient();
  const [absenceOpen, setAbsenceOpen] = useState(false);
  // Absences, their certificates and corrected times weigh on the invoice: the managers', not the staff's.
  const manages = useMe().data?.role !== 'CRECHE_STAFF';
  const name = child.firstName;
  const rowRef = useRef<HTMLLIElement>(null);
  const check = useMutation({
    mutationFn: async (direction: 'in' | 'out') =>
      direction === 'in'
        ? await unwrap(
            api.POST('/api/creches/{id}/attendance/check-in', {
              params: { path: { id: crecheId } },
              body: { childId: child.childId },
            }),
          )
        : await unwrap(
            api.POST('/api/creches/{id}/attendance/check-out', {
              params: { path: { id: crecheId } },
              body: { childId: child.childId },
            }),
          ),
    onSuccess: async (r) => {
      onDone(
        r.leftAt ? `Départ ${ofName(name)} pointé à ${r.leftAt}.` : `Arrivée ${ofName(name)} pointée à ${r.arrivedAt}.`,
      );
      await queryClient.invalidateQueries({ queryKey: dayKey });
      // The button pressed is gone (Arrivée becomes Départ): the focus stays in the child's row, on its next action or
      // its name, rather than falling back to the top of the page for someone working with the keyboard.
      // After the list has rendered again (the button pressed is unmounted then).
      setTimeout(() => {
        const row = rowRef.current;
        if (row && (!document.activeElement || document.activeElement === document.body))
          (row.querySelector<HTMLElement>('button:not([disabled])') ?? row.querySelector<HTMLElement>('h3'))?.focus();
      });
    },
    onError: async (e) => {
      if (changedElsewhere(e)) await queryClient.invalidateQueries({ queryKey: dayKey });
    },
  });
  const checkOnce = useSingleFlight(check.mutateAsync);
  const refresh = async (message: string) => {
    onDone(message);
    await queryClient.invalidateQueries({ queryKey: dayKey });
  };
  const { text, severity } = status(child, date);
  const planned = child.planned.map((p) => `${p.from}–${p.to} (${PLANNED_KIND_FR[p.kind] ?? p.kind})`).join(', ');
  const headingId = `enfant-${child.childId}`;
  return (
    <li ref={rowRef} className="fr-mb-3w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <section aria-labelledby={headingId}>
        <h3 id={headingId} className="fr-h5 fr-mb-1w" tabIndex={-1}>
          {name}
        </h3>
        <p className="fr-mb-1w">Prévu : {planned || 'aucun créneau'}</p>
        <p className="fr-mb-2w">
          <Badge severity={severity} noIcon>
            {text}
          </Badge>
        </p>
        {check.error && (
          <Alert className="fr-mb-2w" severity="error" small description={checkErrorFr(check.error, child)} />
        )}
        {!child.absence && (
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
            {!child.actual && (
              <li>
                <Button iconId="ri-login-box-line" disabled={check.isPending} onClick={() => checkOnce('in')}>
                  Arrivée {ofName(name)}
                </Button>
              </li>
            )}
            {child.actual && !child.actual.leftAt && (
              <li>
                <Button iconId="fr-icon-logout-box-r-line" disabled={check.isPending} onClick={() => checkOnce('out')}>
                  Départ {ofName(name)}
                </Button>
              </li>
            )}
            {manages && !child.actual && !absenceOpen && (
              <li>
                <Button priority="secondary" iconId="fr-icon-calendar-line" onClick={() => setAbsenceOpen(true)}>
                  Absence {ofName(name)}
                </Button>
              </li>
            )}
          </ul>
        )}
        {manages && child.absence && (
          <CertificateUpload absence={child.absence} ofName={ofName(name)} onDone={refresh} />
        )}
        {manages && child.absence && child.absence.from === date && (
          <RemoveAbsence absence={child.absence} name={name} onDone={refresh} />
        )}
        {manages && child.absence && child.absence.from < date && (
          <EndAbsence absence={child.absence} name={name} date={date} onDone={refresh} />
        )}
        {manages && child.actual && <RemoveArrival actual={child.actual} name={name} onDone={refresh} />}
        {manages && child.actual && (
          <TimeCorrection
            actual={child.actual}
            ofName={ofName(name)}
            onDone={refresh}
            onStale={() => queryClient.invalidateQueries({ queryKey: dayKey })}
          />
        )}
        {manages && absenceOpen && !child.absence && (
          <AbsenceForm
            crecheId={crecheId}
            date={date}
            child={child}
            onClose={() => setAbsenceOpen(false)}
            onDone={async (message) => {
              onDone(message);
              setAbsenceOpen(false);
              await queryClient.invalidateQueries({ queryKey: dayKey });
            }}
          />
        )}
      </section>
    </li>
  );
}

/**
 * An absence recorded today by mistake, removed (DELETE /absences/:id) after a confirmation; refused by the API once
 * its month is invoiced (docs/rules.md#r812), the API's sentence then shown.
 */
function RemoveAbsence({
  absence,
  name,
  onDone,
}: {
  absence: NonNullable<DayChild['absence']>;
  name: string;
  onDone: (message: string) => Promise<void>;
}) {
  const remove = useMutation({
    mutationFn: async () => await unwrap(api.DELETE('/api/absences/{id}', { params: { path: { id: absence.id } } })),
    onSuccess: () => onDone(`Absence ${ofName(name)} retirée.`),
  });
  return (
    <>
      <RefusalAlert error={remove.error} codePrefix="ABSENCE." />
      <ConfirmedButton
        id={`retrait-${absence.id}`}
        label={`Retirer l’absence ${ofName(name)}`}
        iconId="fr-icon-delete-line"
        question={`Retirer l’absence ${ofName(name)} (${reasonFr(absence.reason).toLowerCase()}${absence.to !== absence.from ? `, jusqu'au ${frDate(absence.to)}` : ''}) ? Elle a été enregistrée par erreur : elle disparaît, avec son justificatif.`}
        confirmLabel="Confirmer le retrait"
        cancelLabel="Garder l’absence"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onAsk={() => remove.reset()}
      />
    </>
  );
}

/**
 * A check-in made by mistake (the wrong child tapped, a child who did not come, « Tout le monde est arrivé » tapped
 * for a child expected later) removed after a confirmation (DELETE /attendance/:id, audited with its times): the child
 * is then « pas encore arrivé » and checked in when they come. Refused by the API once the month is invoiced.
 */
function RemoveArrival({
  actual,
  name,
  onDone,
}: {
  actual: NonNullable<DayChild['actual']>;
  name: string;
  onDone: (message: string) => Promise<void>;
}) {
  const remove = useMutation({
    mutationFn: async () => await unwrap(api.DELETE('/api/attendance/{id}', { params: { path: { id: actual.id } } })),
    onSuccess: () => onDone(`Pointage ${ofName(name)} supprimé.`),
  });
  return (
    <>
      <RefusalAlert error={remove.error} codePrefix="ATTENDANCE." />
      <ConfirmedButton
        id={`suppression-${actual.id}`}
        label={`Supprimer le pointage ${ofName(name)}`}
        iconId="fr-icon-delete-line"
        question={`Supprimer le pointage ${ofName(name)} (arrivée à ${actual.arrivedAt}${actual.leftAt ? `, départ à ${actual.leftAt}` : ''}) ? Seulement si l’enfant n’est pas venu ou a été pointé par erreur : ${name} redevient « pas encore arrivé » et sera pointé à son arrivée.`}
        confirmLabel="Confirmer la suppression"
        cancelLabel="Garder le pointage"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onAsk={() => remove.reset()}
      />
    </>
  );
}

/**
 * A refused change of a check-in or an absence: the API's own sentence for its codes under `codePrefix` (written for
 * the manager: its month invoiced, the child absent…), else the usual French one.
 */
function RefusalAlert({ error, codePrefix }: { error: Error | null; codePrefix: 'ATTENDANCE.' | 'ABSENCE.' }) {
  if (!error) return null;
  const text = isApiError(error) && error.code.startsWith(codePrefix) ? error.message : frenchError(error);
  return <Alert className="fr-mb-2w" severity="error" small description={text} />;
}

/**
 * An absence that began on an earlier day, ended yesterday because the child is back today (PATCH /absences/:id, its
 * last day): the child can then be checked in, by the staff too (who cannot check in a child noted absent). Audited
 * as every change of an absence; refused by the API once yesterday's month is invoiced, the API's sentence shown.
 */
function EndAbsence({
  absence,
  name,
  date,
  onDone,
}: {
  absence: NonNullable<DayChild['absence']>;
  name: string;
  date: string;
  onDone: (message: string) => Promise<void>;
}) {
  const yesterday = addDays(date, -1);
  const end = useMutation({
    mutationFn: async () =>
      await unwrap(api.PATCH('/api/absences/{id}', { params: { path: { id: absence.id } }, body: { to: yesterday } })),
    onSuccess: () =>
      onDone(`Absence ${ofName(name)} terminée le ${frDate(yesterday)} : son arrivée peut être pointée.`),
  });
  return (
    <>
      <RefusalAlert error={end.error} codePrefix="ABSENCE." />
      <ConfirmedButton
        id={`fin-${absence.id}`}
        label={`Retour ${ofName(name)} : terminer l’absence hier`}
        iconId="fr-icon-calendar-line"
        question={`Terminer l’absence ${ofName(name)} (${reasonFr(absence.reason).toLowerCase()}, prévue jusqu'au ${frDate(absence.to)}) le ${frDate(yesterday)} ? Son arrivée pourra être pointée aujourd'hui.`}
        confirmLabel="Terminer l’absence hier"
        cancelLabel="Garder l’absence"
        pending={end.isPending}
        onConfirm={() => end.mutate()}
        onAsk={() => end.reset()}
      />
    </>
  );
}

/** The fields AbsenceForm shows; an error on any other is said in its alert. */
const ABSENCE_FORM_FIELDS: readonly string[] = ['reason', 'from', 'to'];

function AbsenceForm({
  crecheId,
  date,
  child,
  onClose,
  onDone,
}: {
  crecheId: string;
  date: string;
  child: DayChild;
  onClose: () => void;
  onDone: (message: string) => Promise<void>;
}) {
  const [reason, setReason] = useState<Reason | ''>('');
  // An illness that began before today (recorded on Monday for Friday): its first day counts (R8.1's waiting days).
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const [certified, setCertified] = useState(false);
  const reasonRef = useRef<HTMLSelectElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);
  const record = useMutation({
    mutationFn: async () =>
      await unwrap(
        api.POST('/api/creches/{id}/absences', {
          params: { path: { id: crecheId } },
          body: { childId: child.childId, reason: reason as Reason, from, to, certified },
        }),
      ),
    onSuccess: (a) =>
      onDone(
        `Absence ${ofName(child.firstName)} enregistrée (${reasonFr(a.reason).toLowerCase()}${a.from !== date ? `, depuis le ${frDate(a.from)}` : ''}${a.to !== a.from ? `, jusqu'au ${frDate(a.to)}` : ''}).`,
      ),
  });
  const errors = fieldErrorsFr(record.error);
  // Errors on a field this form does not show (childId…) are said above it: never a refusal with nothing shown.
  const elsewhere = [...errors].filter(([field]) => !ABSENCE_FORM_FIELDS.includes(field));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  const idPrefix = `absence-${child.childId}`;
  return (
    <form onSubmit={submit} noValidate aria-label={`Absence ${ofName(child.firstName)}`}>
      {record.error && (errors.size === 0 || elsewhere.length > 0) && (
        <Alert
          className="fr-mb-2w"
          severity="error"
          small
          description={errors.size === 0 ? frenchError(record.error) : elsewhere.map(([, m]) => m).join(' ')}
        />
      )}
      <Select
        label="Motif"
        nativeSelectProps={{
          id: `${idPrefix}-motif`,
          ref: reasonRef,
          value: reason,
          onChange: (e) => setReason(e.target.value as Reason),
        }}
        {...fieldState(errors, 'reason')}
      >
        <option value="" disabled>
          Choisissez un motif
        </option>
        {REASONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </Select>
      <Input
        label="Depuis le"
        hintText="Le premier jour d'absence : aujourd'hui, ou un jour passé (une maladie commencée vendredi)"
        nativeInputProps={{
          id: `${idPrefix}-debut`,
          type: 'date',
          max: to || undefined,
          value: from,
          onChange: (e) => setFrom(e.target.value),
        }}
        {...fieldState(errors, 'from')}
      />
      <Input
        label="Jusqu'au (inclus)"
        hintText="Le dernier jour d'absence prévu"
        nativeInputProps={{
          id: `${idPrefix}-fin`,
          type: 'date',
          min: from || undefined,
          value: to,
          onChange: (e) => setTo(e.target.value),
        }}
        {...fieldState(errors, 'to')}
      />
      <Checkbox
        options={[
          {
            label: 'Certificat médical vu',
            nativeInputProps: {
              checked: certified,
              onChange: (e) => setCertified(e.target.checked),
            },
          },
        ]}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-mt-2w">
        <li>
          <Button type="submit" disabled={record.isPending}>
            Enregistrer l'absence
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onClose}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}
