import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import {
  atypicalReasons,
  DEFAULT_MAX_LEAVE_WEEKS,
  weeksFr,
  WEEKDAYS,
  type FieldKey,
  type QuoteFormState,
} from './quote-form';

interface Props {
  readonly form: QuoteFormState;
  readonly set: (patch: Partial<QuoteFormState>) => void;
  readonly err: (key: FieldKey) => { state?: 'error'; stateRelatedMessage?: string };
  /** The chosen crèche's bound on declared leave (weeks a year). */
  readonly maxLeaveWeeks?: number;
}

let nextLeaveKey = 1;

/** A field of a row whose error is said once for the row, below it: marked invalid and described by that text. */
const invalid = (message: string | undefined, errorId: string) =>
  message ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

/** The contract's dates, its week day by day (atypical hours marked) and the family's dated leave. */
export function ScheduleFields({ form, set, err, maxLeaveWeeks = DEFAULT_MAX_LEAVE_WEEKS }: Props) {
  const setDay = (weekday: number, patch: { from?: string; to?: string }) =>
    set({ days: form.days.map((d) => (d.weekday === weekday ? { ...d, ...patch } : d)) });
  const setLeave = (key: number, patch: { from?: string; to?: string }) =>
    set({ leave: form.leave.map((l) => (l.key === key ? { ...l, ...patch } : l)) });
  const scheduleError = err('schedule');

  return (
    <>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-sm-6">
          <Input
            label="Début du contrat"
            hintText="Au format jj/mm/aaaa, par exemple 04/01/2027"
            {...err('contractStart')}
            nativeInputProps={{
              inputMode: 'numeric',
              autoComplete: 'off',
              placeholder: 'jj/mm/aaaa',
              name: 'contractStart',
              value: form.contractStart,
              onChange: (e) => set({ contractStart: e.target.value }),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-sm-6">
          <Input
            label="Fin du contrat"
            hintText="Au format jj/mm/aaaa"
            {...err('contractEnd')}
            nativeInputProps={{
              inputMode: 'numeric',
              autoComplete: 'off',
              placeholder: 'jj/mm/aaaa',
              name: 'contractEnd',
              value: form.contractEnd,
              onChange: (e) => set({ contractEnd: e.target.value }),
            }}
          />
        </div>
      </div>

      <fieldset
        className={`fr-fieldset${scheduleError.state ? ' fr-fieldset--error' : ''}`}
        aria-describedby="planning-aide"
      >
        <legend className="fr-fieldset__legend">Planning de la semaine</legend>
        <p id="planning-aide" className="fr-hint-text fr-fieldset__element">
          Pour chaque jour d’accueil, l’heure d’arrivée et l’heure de départ (par exemple 08:00 ou 8h30) ; laissez vides
          les autres jours. Les horaires atypiques (avant 7 h 30, après 19 h, le samedi et le dimanche) sont signalés :
          toutes les crèches ne les proposent pas.
        </p>
        {WEEKDAYS.map(({ weekday, label }) => {
          const day = form.days.find((d) => d.weekday === weekday)!;
          const atypical = atypicalReasons(day);
          const dayError = err(`day-${weekday}`);
          return (
            <div key={weekday} className="fr-fieldset__element">
              <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
                <div className="fr-col-12 fr-col-md-2">
                  <p className="fr-text--bold fr-mb-0" id={`jour-${weekday}`}>
                    {label}
                  </p>
                  {atypical.length > 0 && (
                    <Badge severity="warning" small>
                      {`Horaires atypiques : ${atypical.join(', ')}`}
                    </Badge>
                  )}
                </div>
                <div className="fr-col-6 fr-col-md-3">
                  <Input
                    label={`${label} : arrivée`}
                    nativeInputProps={{
                      ...invalid(dayError.stateRelatedMessage, `jour-${weekday}-erreur`),
                      inputMode: 'numeric',
                      autoComplete: 'off',
                      placeholder: 'hh:mm',
                      name: `day-${weekday}-from`,
                      value: day.from,
                      onChange: (e) => setDay(weekday, { from: e.target.value }),
                    }}
                  />
                </div>
                <div className="fr-col-6 fr-col-md-3">
                  <Input
                    label={`${label} : départ`}
                    nativeInputProps={{
                      ...invalid(dayError.stateRelatedMessage, `jour-${weekday}-erreur`),
                      inputMode: 'numeric',
                      autoComplete: 'off',
                      placeholder: 'hh:mm',
                      name: `day-${weekday}-to`,
                      value: day.to,
                      onChange: (e) => setDay(weekday, { to: e.target.value }),
                    }}
                  />
                </div>
                {dayError.stateRelatedMessage && (
                  <p className="fr-col-12 fr-error-text fr-mt-0" id={`jour-${weekday}-erreur`}>
                    {`${label} : ${dayError.stateRelatedMessage}`}
                  </p>
                )}
              </div>
            </div>
          );
        })}
        {scheduleError.stateRelatedMessage && (
          <p className="fr-error-text fr-fieldset__element">{scheduleError.stateRelatedMessage}</p>
        )}
      </fieldset>

      <fieldset className="fr-fieldset" aria-describedby="conges-aide">
        <legend className="fr-fieldset__legend">Vos congés</legend>
        <p id="conges-aide" className="fr-hint-text fr-fieldset__element">
          Les périodes où votre enfant ne viendra pas ({weeksFr(maxLeaveWeeks)} par an au plus), dates au format
          jj/mm/aaaa : elles sont retirées des heures réservées. Les jours fériés sont retirés d’office.
        </p>
        {form.leave.map((l, index) => {
          const rowError = err(`leave-${l.key}`);
          return (
            <div key={l.key} className="fr-fieldset__element">
              <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                <div className="fr-col-12 fr-col-sm-5">
                  <Input
                    label={`Congés ${index + 1} : premier jour`}
                    nativeInputProps={{
                      ...invalid(rowError.stateRelatedMessage, `conges-${l.key}-erreur`),
                      inputMode: 'numeric',
                      autoComplete: 'off',
                      placeholder: 'jj/mm/aaaa',
                      value: l.from,
                      onChange: (e) => setLeave(l.key, { from: e.target.value }),
                    }}
                  />
                </div>
                <div className="fr-col-12 fr-col-sm-5">
                  <Input
                    label={`Congés ${index + 1} : dernier jour`}
                    nativeInputProps={{
                      ...invalid(rowError.stateRelatedMessage, `conges-${l.key}-erreur`),
                      inputMode: 'numeric',
                      autoComplete: 'off',
                      placeholder: 'jj/mm/aaaa',
                      value: l.to,
                      onChange: (e) => setLeave(l.key, { to: e.target.value }),
                    }}
                  />
                </div>
                <div className="fr-col-12 fr-col-sm-2">
                  <Button
                    type="button"
                    priority="tertiary"
                    iconId="fr-icon-delete-line"
                    onClick={() => set({ leave: form.leave.filter((x) => x.key !== l.key) })}
                  >
                    {`Retirer les congés ${index + 1}`}
                  </Button>
                </div>
                {rowError.stateRelatedMessage && (
                  <p className="fr-col-12 fr-error-text fr-mt-0" id={`conges-${l.key}-erreur`}>
                    {`Congés ${index + 1} : ${rowError.stateRelatedMessage}`}
                  </p>
                )}
              </div>
            </div>
          );
        })}
        <div className="fr-fieldset__element">
          <Button
            type="button"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => set({ leave: [...form.leave, { key: nextLeaveKey++, from: '', to: '' }] })}
          >
            Ajouter une période de congés
          </Button>
        </div>
      </fieldset>
    </>
  );
}
