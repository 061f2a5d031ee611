import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { unwrap } from '../../api/call';
import { api, fieldErrorsOf } from '../../api/client';
import { frenchError } from '../../api/errors-fr';
import { Link, navigate } from '../../router';
import {
  applicationErrors,
  describeOpeningHours,
  emptyWeek,
  initialApplicationForm,
  MAX_CRECHES,
  move,
  scheduleFit,
  toApplicationBody,
  weekFor,
  type ApplicationFormState,
  type CrecheChoice,
  type ErrorKey,
  type RankedCreche,
} from './application-form';
import { WeekEditor } from './WeekEditor';
import type { components } from '../../api/schema';

type Child = components['schemas']['ChildResponseDto'];

/** What the page reads of GET /api/me and GET /api/families/:id/children. */
const frDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/**
 * "Demander une place": the child, the start date, the week asked, up to five crèches ranked, each with whether the
 * week fits its opening hours and, where it does not, a week of its own ("un planning différent pour cette crèche").
 */
export function NewApplicationPage() {
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.GET('/api/me')),
  });
  const familyId = me.data?.familyId ?? null;
  const children = useQuery({
    queryKey: ['family', familyId, 'children'],
    enabled: familyId !== null,
    queryFn: () => unwrap(api.GET('/api/families/{id}/children', { params: { path: { id: familyId! } } })),
  });
  const creches = useQuery({
    queryKey: ['creches'],
    queryFn: (): Promise<readonly CrecheChoice[]> => unwrap(api.GET('/api/creches', {})),
  });

  if (me.isPending || (familyId && children.isPending) || creches.isPending)
    return (
      <>
        <h1>Demander une place</h1>
        <p>Chargement…</p>
      </>
    );
  const failed = me.error ?? children.error ?? creches.error;
  if (failed)
    return (
      <>
        <h1>Demander une place</h1>
        <Alert severity="error" small description={frenchError(failed)} />
      </>
    );
  if (!familyId || !children.data?.length)
    return (
      <>
        <h1>Demander une place</h1>
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description={
            familyId
              ? 'Ajoutez d’abord l’enfant pour qui vous demandez une place à votre foyer.'
              : 'Déclarez d’abord votre foyer et votre enfant : la demande de place se fait pour un enfant de votre foyer.'
          }
        />
        <Link href={webPaths.household} className="fr-link">
          {familyId ? 'Ajouter un enfant à mon foyer' : 'Déclarer mon foyer'}
        </Link>
      </>
    );
  return <ApplicationForm kids={children.data} creches={creches.data ?? []} verified={me.data!.emailVerified} />;
}

function ApplicationForm({
  kids,
  creches,
  verified,
}: {
  kids: readonly Child[];
  creches: readonly CrecheChoice[];
  verified: boolean;
}) {
  const [form, setForm] = useState<ApplicationFormState>(() => ({
    ...initialApplicationForm(),
    childId: kids.length === 1 ? kids[0].id : '',
  }));
  const [errors, setErrors] = useState<Map<ErrorKey, string>>(new Map());
  const [adding, setAdding] = useState('');
  const errorRef = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<ApplicationFormState>) => setForm((f) => ({ ...f, ...patch }));
  const setCreche = (crecheId: string, patch: Partial<RankedCreche>) =>
    set({ creches: form.creches.map((c) => (c.crecheId === crecheId ? { ...c, ...patch } : c)) });
  const byId = new Map(creches.map((c) => [c.id, c]));

  const submit = useMutation({
    mutationFn: async (state: ApplicationFormState) =>
      unwrap(api.POST('/api/applications', { body: toApplicationBody(state) })),
    onSuccess: (created) => navigate(webPaths.application(created.id)),
    onError: (e, state) => {
      setErrors(applicationErrors(state, fieldErrorsOf(e)));
      requestAnimationFrame(() => errorRef.current?.focus());
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // A crèche chosen in the list but not added yet is one the family meant: it goes with the application.
    const state =
      adding && form.creches.length < MAX_CRECHES
        ? { ...form, creches: [...form.creches, { crecheId: adding, ownSchedule: false, week: emptyWeek() }] }
        : form;
    if (state !== form) {
      setForm(state);
      setAdding('');
    }
    submit.mutate(state);
  };
  const err = (key: ErrorKey) =>
    errors.has(key) ? { state: 'error' as const, stateRelatedMessage: errors.get(key) } : {};
  const available = creches.filter((c) => !form.creches.some((r) => r.crecheId === c.id));
  const add = () => {
    if (!adding || form.creches.length >= MAX_CRECHES) return;
    set({ creches: [...form.creches, { crecheId: adding, ownSchedule: false, week: emptyWeek() }] });
    setAdding('');
  };

  return (
    <>
      <h1>Demander une place</h1>
      <p className="fr-text--lead">
        Une seule demande pour votre enfant, pour une à cinq crèches classées par ordre de préférence. Elle est inscrite
        sur la liste d’attente de chaque crèche choisie.
      </p>
      {!verified && (
        <Alert
          severity="warning"
          small
          className="fr-mb-3w"
          description="Confirmez d’abord votre adresse e-mail avec le lien reçu par e-mail : la demande sera refusée sans cela."
        />
      )}
      <form onSubmit={onSubmit} noValidate>
        <div ref={errorRef} tabIndex={-1} aria-live="assertive">
          {submit.isError && (
            <Alert
              severity="error"
              small
              className="fr-mb-3w"
              description={
                <>
                  {frenchError(submit.error)}
                  {/* Each problem said here too: on a phone its field may be a screen or two further down. */}
                  {errors.size > 0 && (
                    <ul data-testid="application-errors">
                      {[...new Set(errors.values())].map((message) => (
                        <li key={message}>{message}</li>
                      ))}
                    </ul>
                  )}
                </>
              }
            />
          )}
        </div>

        <Select
          label="Enfant"
          {...err('childId')}
          nativeSelectProps={{
            name: 'childId',
            value: form.childId,
            onChange: (e) => set({ childId: e.target.value }),
          }}
        >
          <option value="" disabled>
            Choisissez l’enfant
          </option>
          {kids.map((k) => (
            <option key={k.id} value={k.id}>
              {k.birthDate
                ? `${k.firstName}, né(e) le ${frDate(k.birthDate)}`
                : `${k.firstName}, naissance prévue le ${frDate(k.expectedBirthDate)}`}
            </option>
          ))}
        </Select>

        <Input
          label="Date d’entrée souhaitée"
          hintText="Au format jj/mm/aaaa, par exemple 01/09/2027"
          {...err('startDate')}
          nativeInputProps={{
            inputMode: 'numeric',
            autoComplete: 'off',
            placeholder: 'jj/mm/aaaa',
            name: 'startDate',
            value: form.startDate,
            onChange: (e) => set({ startDate: e.target.value }),
          }}
        />

        <fieldset className={`fr-fieldset${errors.has('schedule') ? ' fr-fieldset--error' : ''}`}>
          <legend className="fr-fieldset__legend">Planning de la semaine</legend>
          <div className="fr-fieldset__element">
            <WeekEditor
              idPrefix="planning"
              week={form.week}
              onChange={(week) => set({ week })}
              dayError={(weekday) => errors.get(`day-${weekday}`)}
            />
            {errors.has('schedule') && <p className="fr-error-text">{errors.get('schedule')}</p>}
          </div>
          <div className="fr-fieldset__element">
            <Checkbox
              small
              options={[
                {
                  label: 'J’ai aussi besoin d’un accueil les jours fériés',
                  hintText:
                    'Aux horaires du jour de la semaine où ils tombent. Peu de crèches ouvrent ces jours-là : votre réponse aide le territoire à connaître ce besoin.',
                  nativeInputProps: {
                    name: 'jours-feries',
                    checked: form.publicHolidayCare,
                    onChange: (e) => set({ publicHolidayCare: e.target.checked }),
                  },
                },
              ]}
            />
          </div>
        </fieldset>

        <fieldset className={`fr-fieldset${errors.has('creches') ? ' fr-fieldset--error' : ''}`}>
          <legend className="fr-fieldset__legend">Crèches souhaitées, par ordre de préférence</legend>
          <p className="fr-hint-text fr-fieldset__element">
            Jusqu’à {MAX_CRECHES} crèches. Pour chacune, nous indiquons si votre planning entre dans ses heures
            d’ouverture ; sinon, donnez-lui un planning différent.
          </p>
          <ol className="fr-fieldset__element berceau-creche-list">
            {form.creches.map((r, index) => {
              const c = byId.get(r.crecheId);
              const name = c?.name ?? 'Crèche';
              const fit = scheduleFit(weekFor(form, r), c?.openingHours ?? []);
              const mainFit = scheduleFit(form.week, c?.openingHours ?? []);
              const crecheError = errors.get(`creche-${r.crecheId}`);
              return (
                <li key={r.crecheId} className="fr-mb-3w">
                  <h2 className="fr-h6 fr-mb-1w">{`${index + 1}. ${name}`}</h2>
                  {c && (
                    <p className="fr-mb-1w">
                      {c.openingHours.length
                        ? `${c.commune.name} — ouverte ${describeOpeningHours(c.openingHours)}.`
                        : `${c.commune.name} — horaires d’ouverture non publiés.`}
                    </p>
                  )}
                  <div className="fr-mb-1w" data-testid={`adequation-${index + 1}`}>
                    {fit.kind === 'FITS' && (
                      <>
                        <Badge severity="success" small className="fr-mr-1w">
                          Convient
                        </Badge>
                        {r.ownSchedule
                          ? 'Son planning entre dans ses heures d’ouverture.'
                          : 'Votre planning entre dans ses heures d’ouverture.'}
                      </>
                    )}
                    {fit.kind === 'OUTSIDE' && (
                      <>
                        <Badge severity="error" small className="fr-mr-1w">
                          Ne convient pas
                        </Badge>
                        {`Hors de ses heures d’ouverture : ${fit.problems.join(' ; ')}.`}
                      </>
                    )}
                    {fit.kind === 'EMPTY' && (
                      <>
                        <Badge severity="info" small className="fr-mr-1w">
                          À compléter
                        </Badge>
                        Indiquez un planning pour savoir s’il convient.
                      </>
                    )}
                  </div>
                  {crecheError && <p className="fr-error-text fr-mt-0">{`${name} : ${crecheError}`}</p>}
                  <div className="berceau-creche-actions">
                    <Button
                      type="button"
                      priority="secondary"
                      size="small"
                      iconId="fr-icon-arrow-up-line"
                      disabled={index === 0}
                      nativeButtonProps={{ 'aria-label': `Monter ${name}` }}
                      onClick={() => set({ creches: move(form.creches, index, -1) })}
                    >
                      Monter
                    </Button>
                    <Button
                      type="button"
                      priority="secondary"
                      size="small"
                      iconId="fr-icon-arrow-down-line"
                      disabled={index === form.creches.length - 1}
                      nativeButtonProps={{ 'aria-label': `Descendre ${name}` }}
                      onClick={() => set({ creches: move(form.creches, index, 1) })}
                    >
                      Descendre
                    </Button>
                    <Button
                      type="button"
                      priority="tertiary"
                      size="small"
                      iconId="fr-icon-delete-line"
                      nativeButtonProps={{ 'aria-label': `Retirer ${name}` }}
                      onClick={() => set({ creches: form.creches.filter((x) => x.crecheId !== r.crecheId) })}
                    >
                      Retirer
                    </Button>
                  </div>
                  {mainFit.kind === 'OUTSIDE' && !r.ownSchedule && (
                    <p className="fr-mb-1w">
                      Votre planning ne convient pas à cette crèche : retirez-la, ou donnez-lui un planning différent
                      qui entre dans ses heures d’ouverture.
                    </p>
                  )}
                  {
                    <Checkbox
                      small
                      options={[
                        {
                          label: `Un planning différent pour cette crèche (${name})`,
                          nativeInputProps: {
                            name: `planning-different-${index + 1}`,
                            checked: r.ownSchedule,
                            onChange: (e) =>
                              setCreche(r.crecheId, {
                                ownSchedule: e.target.checked,
                                // Start from the main week, the family changes what differs.
                                week: e.target.checked && !r.ownSchedule ? form.week : r.week,
                              }),
                          },
                        },
                      ]}
                    />
                  }
                  {r.ownSchedule && (
                    <fieldset className="fr-fieldset">
                      <legend className="fr-fieldset__legend fr-text--md">{`Planning pour ${name}`}</legend>
                      <div className="fr-fieldset__element">
                        <WeekEditor
                          idPrefix={`planning-${index + 1}`}
                          labelPrefix={`${name} : `}
                          week={r.week}
                          onChange={(week) => setCreche(r.crecheId, { week })}
                          dayError={(weekday) => errors.get(`creche-${r.crecheId}-day-${weekday}`)}
                        />
                      </div>
                    </fieldset>
                  )}
                </li>
              );
            })}
          </ol>
          {form.creches.length < MAX_CRECHES ? (
            <div className="fr-fieldset__element">
              <Select
                label={form.creches.length ? 'Ajouter une autre crèche' : 'Ajouter une crèche'}
                nativeSelectProps={{ name: 'ajout-creche', value: adding, onChange: (e) => setAdding(e.target.value) }}
              >
                <option value="">Choisissez une crèche</option>
                {available.map((c) => (
                  <option key={c.id} value={c.id}>{`${c.name} (${c.commune.name})`}</option>
                ))}
              </Select>
              <Button type="button" priority="secondary" iconId="fr-icon-add-line" onClick={add} disabled={!adding}>
                Ajouter cette crèche
              </Button>
            </div>
          ) : (
            <p className="fr-fieldset__element">Vous avez choisi {MAX_CRECHES} crèches, le maximum.</p>
          )}
          {errors.has('creches') && <p className="fr-error-text fr-fieldset__element">{errors.get('creches')}</p>}
        </fieldset>

        <Button type="submit" disabled={submit.isPending}>
          Envoyer ma demande
        </Button>
      </form>
    </>
  );
}
