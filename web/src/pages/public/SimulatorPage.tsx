import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { unwrap } from '../../api/call';
import { api, fieldErrorsOf, isApiError, type ApiError } from '../../api/client';
import { frenchError } from '../../api/errors-fr';
import { QuoteResultPanel } from './QuoteResultPanel';
import {
  CARE_TYPE_LABELS,
  fieldErrors,
  initialQuoteForm,
  toCrecheQuoteBody,
  toQuoteBody,
  type CareType,
  type FieldKey,
  type QuoteFormState,
} from './quote-form';
import { asQuoteResult, type QuoteResult } from './quote-steps';
import { ScheduleFields } from './ScheduleFields';

export function SimulatorPage() {
  const [form, setForm] = useState<QuoteFormState>(initialQuoteForm);
  const [errors, setErrors] = useState<Map<FieldKey, string>>(new Map());
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<QuoteFormState>) => setForm((f) => ({ ...f, ...patch }));
  // The other way of describing the care: the result shown was the other form's, so it goes.
  const switchForm = (next: QuoteFormState['form']) => {
    set({ form: next });
    setErrors(new Map());
    quote.reset();
  };

  // The territory's crèches (public): choosing one computes as its contracts are, with its closures and ceiling.
  const creches = useQuery({ queryKey: ['creches'], queryFn: () => unwrap(api.GET('/api/creches', {})) });
  const creche = creches.data?.find((c) => c.id === form.crecheId);
  // Another crèche: its own rules (leave bound, closures), so the last result and refusals go.
  const chooseCreche = (crecheId: string) => {
    set({ crecheId });
    setErrors(new Map());
    quote.reset();
  };

  const quote = useMutation<QuoteResult, ApiError | Error, QuoteFormState>({
    mutationFn: async (state) => {
      const { data, error } = state.crecheId
        ? await api.POST('/api/creches/{id}/fees/quote', {
            params: { path: { id: state.crecheId } },
            body: toCrecheQuoteBody(state),
          })
        : await api.POST('/api/fees/quote', { body: toQuoteBody(state) });
      if (error !== undefined || !data) throw isApiError(error) ? error : new Error('réponse inattendue');
      return asQuoteResult(data);
    },
    onSuccess: () => {
      setErrors(new Map());
      requestAnimationFrame(() => resultRef.current?.focus());
    },
    onError: (e, state) => {
      setErrors(fieldErrors(state, fieldErrorsOf(e), creche?.maxLeaveWeeksPerYear));
      requestAnimationFrame(() => errorRef.current?.focus());
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    quote.mutate(form);
  };
  const err = (key: FieldKey) =>
    errors.has(key) ? { state: 'error' as const, stateRelatedMessage: errors.get(key) } : {};
  const failure = quote.error;

  return (
    <>
      <h1>Simuler ma participation</h1>
      <p className="fr-text--lead">
        Estimez ce que vous paierez chaque mois pour l’accueil de votre enfant en crèche, selon le barème national de la
        Caf. Le calcul est détaillé étape par étape.
      </p>
      <form onSubmit={submit} noValidate aria-describedby="simulateur-aide">
        <p id="simulateur-aide" className="fr-hint-text">
          Aucune donnée n’est enregistrée : le calcul est fait à la volée.
        </p>
        <h2 className="fr-h4">Votre foyer</h2>
        <RadioButtons
          legend="Vos ressources mensuelles"
          hintText="Revenus de l’année N-2 divisés par 12, tels que la Caf les connaît."
          name="resourcesMode"
          options={[
            {
              label: 'Je les indique',
              nativeInputProps: {
                checked: form.resourcesMode === 'amount',
                onChange: () => set({ resourcesMode: 'amount' }),
              },
            },
            {
              label: 'Je ne souhaite pas les communiquer',
              hintText: 'Le plafond du barème s’applique.',
              nativeInputProps: {
                checked: form.resourcesMode === 'refused',
                onChange: () => set({ resourcesMode: 'refused' }),
              },
            },
            {
              label: 'Je ne les connais pas encore',
              hintText: 'Le plancher du barème s’applique.',
              nativeInputProps: {
                checked: form.resourcesMode === 'unknown',
                onChange: () => set({ resourcesMode: 'unknown' }),
              },
            },
          ]}
        />
        {form.resourcesMode === 'amount' && (
          <Input
            label="Montant mensuel (en euros)"
            hintText="Par exemple : 2 700 ou 2 700,50"
            {...err('monthlyResources')}
            nativeInputProps={{
              name: 'monthlyResources',
              inputMode: 'decimal',
              autoComplete: 'off',
              value: form.monthlyResources,
              onChange: (e) => set({ monthlyResources: e.target.value }),
            }}
          />
        )}
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-sm-6">
            <Input
              label="Enfants à charge"
              hintText="Tous les enfants à charge du foyer, y compris celui à accueillir"
              {...err('dependentChildren')}
              nativeInputProps={{
                name: 'dependentChildren',
                type: 'number',
                min: 1,
                max: 20,
                inputMode: 'numeric',
                value: form.dependentChildren,
                onChange: (e) => set({ dependentChildren: e.target.value }),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-sm-6">
            <Input
              label="Dont enfants bénéficiaires de l’AEEH"
              hintText="Allocation d’éducation de l’enfant handicapé : chacun compte pour un enfant de plus"
              {...err('aeehChildren')}
              nativeInputProps={{
                name: 'aeehChildren',
                type: 'number',
                min: 0,
                max: 20,
                inputMode: 'numeric',
                value: form.aeehChildren,
                onChange: (e) => set({ aeehChildren: e.target.value }),
              }}
            />
          </div>
        </div>
        <Select
          label="Crèche (facultatif)"
          hint="Choisie, le calcul est celui de ses contrats : son mode d’accueil et son plafond de ressources ; avec les dates et le planning, ses horaires d’ouverture, ses fermetures et sa règle de congés aussi."
          nativeSelectProps={{
            name: 'crecheId',
            value: form.crecheId,
            onChange: (e) => chooseCreche(e.target.value),
          }}
        >
          <option value="">Aucune en particulier</option>
          {(creches.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {`${c.name} (${c.commune.name})`}
            </option>
          ))}
        </Select>
        {creche ? (
          <p>
            Mode d’accueil : <strong>{CARE_TYPE_LABELS[creche.kind]}</strong> (celui de la crèche).
          </p>
        ) : (
          <RadioButtons
            legend="Mode d’accueil"
            name="careType"
            orientation="horizontal"
            {...err('careType')}
            options={(Object.keys(CARE_TYPE_LABELS) as CareType[]).map((value) => ({
              label: CARE_TYPE_LABELS[value],
              nativeInputProps: { checked: form.careType === value, onChange: () => set({ careType: value }) },
            }))}
          />
        )}

        <h2 className="fr-h4">L’accueil</h2>
        <RadioButtons
          legend="Comment décrire l’accueil ?"
          name="form"
          options={[
            {
              label: 'Un contrat : dates et planning de la semaine',
              hintText: creche
                ? 'Le calcul exact : jours fériés, fermetures de la crèche et congés déclarés retirés, lissé sur les mois du contrat.'
                : 'Le calcul exact : jours fériés et congés déclarés retirés, lissé sur les mois du contrat.',
              nativeInputProps: { checked: form.form === 'period', onChange: () => switchForm('period') },
            },
            {
              label: 'Rapide : heures par semaine et semaines par an',
              hintText: 'Une estimation sur douze mois.',
              nativeInputProps: { checked: form.form === 'weeks', onChange: () => switchForm('weeks') },
            },
          ]}
        />
        {form.form === 'period' ? (
          <ScheduleFields form={form} set={set} err={err} maxLeaveWeeks={creche?.maxLeaveWeeksPerYear} />
        ) : (
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Début de l’accueil"
                hintText="Au format jj/mm/aaaa"
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
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Heures par semaine"
                hintText="Par exemple : 40 ou 37,5"
                {...err('hoursPerWeek')}
                nativeInputProps={{
                  name: 'hoursPerWeek',
                  inputMode: 'decimal',
                  value: form.hoursPerWeek,
                  onChange: (e) => set({ hoursPerWeek: e.target.value }),
                }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Semaines par an"
                hintText="Semaines de présence, congés retirés"
                {...err('weeksPerYear')}
                nativeInputProps={{
                  name: 'weeksPerYear',
                  type: 'number',
                  min: 1,
                  max: 52,
                  inputMode: 'numeric',
                  value: form.weeksPerYear,
                  onChange: (e) => set({ weeksPerYear: e.target.value }),
                }}
              />
            </div>
          </div>
        )}
        <div ref={errorRef} tabIndex={-1} aria-live="polite">
          {failure && (
            <Alert
              className="fr-mb-3w"
              severity="error"
              title="Le calcul n’a pas pu être fait"
              description={
                isApiError(failure) && failure.code === 'VALIDATION.FAILED'
                  ? `Corrigez ${errors.size > 1 ? `les ${errors.size} champs signalés` : 'le champ signalé'} ci-dessus, puis relancez le calcul.`
                  : isApiError(failure)
                    ? frenchError(failure)
                    : 'Le service ne répond pas pour le moment. Réessayez dans quelques instants.'
              }
            />
          )}
          {errors.has('form') && <p className="fr-error-text">{errors.get('form')}</p>}
        </div>
        <Button type="submit" iconId="fr-icon-calculator-line" disabled={quote.isPending}>
          {quote.isPending ? 'Calcul en cours…' : 'Calculer ma participation'}
        </Button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="fr-mt-5w" aria-live="polite">
        {quote.data && !quote.isPending && !failure && <QuoteResultPanel result={quote.data} />}
      </div>
    </>
  );
}
