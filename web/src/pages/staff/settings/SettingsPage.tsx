import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { can } from '../../../../../src/common/auth/permissions';
import {
  CRECHE_SETTING_EDITORS,
  MANAGER_EDITABLE_CRECHE_SETTINGS,
  type CrecheSetting,
} from '../../../../../src/modules/creches/domain/settings-access';
import { api, fieldErrorsOf, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldMessageFr, frenchError } from '../../../api/errors-fr';
import { useMe } from '../../../me';
import { CrecheChooser, type StaffCreche } from '../staff-creche';
import {
  BILLING_UNIT_FR,
  capacityConflictFr,
  closedDayAttendedFr,
  changesOf,
  formOf,
  settingsMessageFr,
  WEEKDAYS_FR,
  type SettingsForm,
} from './settings-form';
import { StaffTeam } from './StaffTeam';
import './settings.css';

const KIND_FR: Readonly<Record<string, string>> = {
  MICRO_CRECHE: 'Micro-crèche',
  COLLECTIVE: 'Crèche collective',
  FAMILIAL: 'Crèche familiale',
  PARENTAL: 'Crèche parentale',
};

type Errors = ReadonlyMap<string, string>;
const state = (errors: Errors, field: string) => {
  const message = errors.get(field);
  return message ? { state: 'error' as const, stateRelatedMessage: message } : {};
};

/** The French message of each field the API refused, keyed by its path (`closures[0].to`). */
function errorsOf(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isApiError(e) || e.code !== 'VALIDATION.FAILED') return out;
  for (const d of fieldErrorsOf(e))
    if (!out.has(d.field)) out.set(d.field, settingsMessageFr(d.errors) ?? fieldMessageFr(d.errors));
  return out;
}

/**
 * Crèche (issue #19): the chosen crèche's opening hours, capacity bands, closures, billing and admission settings.
 * Admins (`creches:write`) change every setting; the crèche's managers (`creches:settings`) the ones the API's rule
 * lets them (`MANAGER_EDITABLE_CRECHE_SETTINGS`, docs/rules.md R1.2b), the others shown read-only with why.
 */
export function SettingsPage() {
  return (
    <>
      <h1>Crèche</h1>
      <CrecheChooser>{(creche) => <Settings key={creche.id} crecheId={creche.id} />}</CrecheChooser>
    </>
  );
}

function Settings({ crecheId }: { crecheId: string }) {
  const me = useMe();
  const creche = useQuery({
    queryKey: ['creches', crecheId],
    queryFn: async () => await unwrap(api.GET('/api/creches/{id}', { params: { path: { id: crecheId } } })),
  });
  if (creche.isPending || me.isPending) return <p>Chargement des réglages…</p>;
  if (creche.error) return <Alert severity="error" small description={frenchError(creche.error)} />;
  return (
    <>
      <Form creche={creche.data} editableSettings={editableSettings(me.data?.role)} />
      {me.data && can(me.data.role, 'creches:plan') && <StaffTeam crecheId={crecheId} />}
    </>
  );
}

const ALL_SETTINGS = Object.keys(CRECHE_SETTING_EDITORS) as CrecheSetting[];

/** The settings this role may change on a crèche it sees here (a manager's own crèches only, by the chooser). */
function editableSettings(role: Parameters<typeof can>[0] | undefined): ReadonlySet<string> {
  if (!role) return new Set();
  if (can(role, 'creches:write')) return new Set(ALL_SETTINGS);
  if (can(role, 'creches:settings')) return new Set(MANAGER_EDITABLE_CRECHE_SETTINGS);
  return new Set();
}

/** Said beside a setting the PMI authorisation, the territory or the Caf fixes, to whoever cannot change it. */
const ADMIN_ONLY_HINT = 'Fixé par l’agrément, le territoire ou la Caf : modifiable par un administrateur.';

function Form({ creche, editableSettings }: { creche: StaffCreche; editableSettings: ReadonlySet<string> }) {
  const editable = editableSettings.size > 0;
  const everything = editableSettings.size === ALL_SETTINGS.length;
  const canEdit = (field: string) => editableSettings.has(field);
  /** The hint of a field, with why it is read-only when the reader may change other settings but not this one. */
  const hintOf = (field: string, hint?: string) =>
    editable && !canEdit(field) ? [hint, ADMIN_ONLY_HINT].filter(Boolean).join(' — ') : hint;
  const queryClient = useQueryClient();
  const initial = formOf(creche);
  const [form, setForm] = useState<SettingsForm>(initial);
  const [saved, setSaved] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);
  const save = useMutation({
    mutationFn: async (body: ReturnType<typeof changesOf>) =>
      await unwrap(api.PATCH('/api/creches/{id}', { params: { path: { id: creche.id } }, body })),
    onSuccess: async (updated) => {
      setSaved(true);
      queryClient.setQueryData(['creches', creche.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['me', 'creches'] });
    },
  });
  useEffect(() => {
    if (saved || save.error) doneRef.current?.focus();
  }, [saved, save.error]);
  const errors = errorsOf(save.error);
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body = changesOf(form, initial);
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(body);
  };
  const text = (label: string, field: keyof SettingsForm, hint?: string, props: Record<string, unknown> = {}) => (
    <Input
      label={label}
      hintText={hintOf(field, hint)}
      disabled={!canEdit(field)}
      nativeInputProps={{
        value: form[field] as string,
        onChange: (e) => set(field, e.target.value as never),
        ...props,
      }}
      {...state(errors, field)}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Réglages de la crèche">
      <div ref={doneRef} tabIndex={-1}>
        {saved && (
          <Alert
            className="fr-mb-2w"
            severity="success"
            small
            description="Les réglages de la crèche sont enregistrés."
          />
        )}
        {save.error && (
          <Alert
            className="fr-mb-2w"
            severity="error"
            small
            description={
              isApiError(save.error) && save.error.code === 'VALIDATION.FAILED'
                ? 'Les réglages ne sont pas enregistrés : corrigez les champs signalés.'
                : isApiError(save.error) && save.error.code === 'CRECHE.CAPACITY_BELOW_PLANNED'
                  ? [frenchError(save.error), capacityConflictFr(save.error.details)].filter(Boolean).join(' ')
                  : isApiError(save.error) && save.error.code === 'CRECHE.CLOSED_DAY_ATTENDED'
                    ? [frenchError(save.error), closedDayAttendedFr(save.error.details)].filter(Boolean).join(' ')
                    : frenchError(save.error)
            }
          />
        )}
      </div>
      {!editable && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description="Vous consultez les réglages de la crèche. Seul un administrateur peut les modifier : écrivez-lui pour tout changement (horaires, modulations, fermetures, facturation)."
        />
      )}
      {editable && !everything && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description="Vous pouvez modifier les réglages de fonctionnement de votre crèche. Les réglages grisés sont fixés par l’agrément PMI, le territoire ou la Caf : seul un administrateur peut les modifier, écrivez-lui pour tout changement."
        />
      )}
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <Section title="La crèche">
          <p>
            {KIND_FR[creche.kind] ?? creche.kind} à {creche.commune.name}
          </p>
          {text('Nom', 'name')}
          {text(
            'Places autorisées',
            'places',
            creche.kind === 'MICRO_CRECHE' ? 'Au plus 12 pour une micro-crèche' : undefined,
            { inputMode: 'numeric' },
          )}
          <Checkbox
            options={[
              {
                label: 'Accueil en surnombre',
                hintText: hintOf(
                  'surnombre',
                  "Jusqu'à 115 % des places à un instant, si le taux d'occupation de la semaine reste au plus à 100 %",
                ),
                nativeInputProps: {
                  checked: form.surnombre,
                  disabled: !canEdit('surnombre'),
                  onChange: (e) => set('surnombre', e.target.checked),
                },
              },
              {
                label: 'Ouverte les jours fériés',
                nativeInputProps: {
                  checked: form.opensOnPublicHolidays,
                  disabled: !canEdit('opensOnPublicHolidays'),
                  onChange: (e) => set('opensOnPublicHolidays', e.target.checked),
                },
              },
            ]}
            {...state(errors, 'surnombre')}
          />
        </Section>

        <Section title="Horaires d'ouverture" error={errors.get('openingHours')}>
          <ListTable
            field="openingHours"
            name="Horaire"
            columns={[
              { key: 'weekday', label: 'Jour', kind: 'weekday' },
              { key: 'opens', label: 'Ouverture', kind: 'time' },
              { key: 'closes', label: 'Fermeture', kind: 'time' },
            ]}
            rows={form.openingHours}
            onChange={(rows) => set('openingHours', rows)}
            blank={{ weekday: '1', opens: '07:30', closes: '18:30' }}
            errors={errors}
            editable={canEdit('openingHours')}
          />
        </Section>

        <Section
          title="Modulation des places"
          intro="Les places ouvertes par plage horaire (agrément modulé) ; hors de ces plages, les places autorisées."
          error={errors.get('capacityBands')}
        >
          <ListTable
            field="capacityBands"
            name="Modulation"
            columns={[
              { key: 'weekday', label: 'Jour', kind: 'weekday' },
              { key: 'from', label: 'De', kind: 'time' },
              { key: 'to', label: 'À', kind: 'time' },
              { key: 'places', label: 'Places', kind: 'number' },
            ]}
            rows={form.capacityBands}
            onChange={(rows) => set('capacityBands', rows)}
            blank={{ weekday: '1', from: '07:00', to: '08:00', places: '' }}
            empty="Aucune modulation : les places autorisées à toute heure."
            errors={errors}
            editable={canEdit('capacityBands')}
          />
        </Section>

        <Section title="Fermetures" intro="Les jours de fermeture, dates incluses." error={errors.get('closures')}>
          <ListTable
            field="closures"
            name="Fermeture"
            columns={[
              { key: 'from', label: 'Du', kind: 'date' },
              { key: 'to', label: 'Au (inclus)', kind: 'date' },
              { key: 'label', label: 'Motif', kind: 'text' },
            ]}
            rows={form.closures}
            onChange={(rows) => set('closures', rows)}
            blank={{ from: '', to: '', label: '' }}
            empty="Aucune fermeture prévue."
            errors={errors}
            editable={canEdit('closures')}
          />
        </Section>

        <Section title="Facturation">
          <Select
            label="Unité de facturation des heures en plus et de l'accueil occasionnel"
            disabled={!canEdit('billingUnitMinutes')}
            nativeSelectProps={{
              value: form.billingUnitMinutes,
              onChange: (e) => set('billingUnitMinutes', e.target.value),
            }}
            {...state(errors, 'billingUnitMinutes')}
          >
            {BILLING_UNIT_FR.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </Select>
          <Select
            label="Tarif de l'accueil d'urgence quand les ressources sont inconnues"
            disabled={!canEdit('emergencyRate')}
            nativeSelectProps={{ value: form.emergencyRate, onChange: (e) => set('emergencyRate', e.target.value) }}
            {...state(errors, 'emergencyRate')}
          >
            <option value="FLOOR">Le plancher du barème</option>
            <option value="FIXED">Un tarif horaire fixe (moyenne de l'année précédente)</option>
          </Select>
          {text(
            "Tarif horaire fixe de l'accueil d'urgence (€)",
            'emergencyHourlyRate',
            "Participations de l'année précédente ÷ heures facturées, par exemple 1,42",
            { inputMode: 'decimal' },
          )}
          {text(
            'Plafond de ressources majoré (€ par mois)',
            'resourcesCeilingOverride',
            'Seulement avec l’accord de la Caf ; vide : le plafond national',
            { inputMode: 'decimal' },
          )}
          {text('Numéro de partenaire Caf', 'cafNumber', 'Pour le fichier FILOUÉ ; facultatif')}
          {text('Numéro de dossier AFC', 'afcFileNumber', 'Pour le fichier FILOUÉ ; facultatif')}
          {text(
            'Délai de paiement des factures (jours après leur émission)',
            'paymentDueDays',
            '0 : payable à réception ; vide : aucune date d’échéance sur les factures',
            { inputMode: 'numeric' },
          )}
          {text(
            'Modalités de paiement',
            'paymentTerms',
            'Imprimées sur chaque facture et montrées aux familles, par exemple : prélèvement le 10 du mois, virement (IBAN…), CESU acceptés',
          )}
        </Section>

        <Section title="Admission et contrats">
          {text('Délai de réponse à une proposition (jours)', 'offerResponseDays', undefined, { inputMode: 'numeric' })}
          {text('Âge minimum (mois)', 'minAgeMonths', 'Vide : 10 semaines', { inputMode: 'numeric' })}
          {text('Âge maximum (mois)', 'maxAgeMonths', "Jusqu'à 72 mois pour un enfant en situation de handicap", {
            inputMode: 'numeric',
          })}
          {text(
            "Places réservées aux familles en parcours d'insertion",
            'reservedInsertionPlaces',
            'Art. D214-7 du code de l’action sociale et des familles',
            { inputMode: 'numeric' },
          )}
          {text('Congés déclarables par an (semaines)', 'maxLeaveWeeksPerYear', undefined, { inputMode: 'numeric' })}
        </Section>
      </fieldset>
      {editable && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-mt-2w">
          <li>
            <Button type="submit" disabled={save.isPending}>
              Enregistrer les réglages
            </Button>
          </li>
          <li>
            <Button
              type="button"
              priority="secondary"
              onClick={() => {
                setForm(initial);
                setSaved(false);
                save.reset();
              }}
            >
              Annuler les modifications
            </Button>
          </li>
        </ul>
      )}
    </form>
  );
}

function Section({
  title,
  intro,
  error,
  children,
}: {
  title: string;
  intro?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <section className="fr-mb-4w">
      <h2 className="fr-h4">{title}</h2>
      {intro && <p>{intro}</p>}
      {error && <p className="fr-error-text fr-mb-2w">{error}</p>}
      {children}
    </section>
  );
}

interface Column<T> {
  readonly key: keyof T & string;
  readonly label: string;
  readonly kind: 'weekday' | 'time' | 'date' | 'text' | 'number';
}

/**
 * A list the API replaces whole (opening hours, bands, closures) as a compact table: one row per entry, one column
 * per field, each field labelled by its column and its row ("Motif, fermeture 2") and its error beside it.
 */
function ListTable<T extends Record<string, string>>({
  field,
  name,
  columns,
  rows,
  onChange,
  blank,
  empty,
  errors,
  editable,
}: {
  field: string;
  name: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  onChange: (rows: T[]) => void;
  blank: T;
  empty?: string;
  errors: Errors;
  editable: boolean;
}) {
  return (
    <>
      {rows.length === 0 && empty && <p>{empty}</p>}
      {rows.length > 0 && (
        <div className="berceau-settings-frame">
          <table className="berceau-settings-table">
            <thead>
              <tr>
                <th scope="col">N°</th>
                {columns.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.label}
                    {c.kind === 'time' && <span className="berceau-settings-hint"> (HH:MM)</span>}
                  </th>
                ))}
                {editable && (
                  <th scope="col">
                    <span className="fr-sr-only">Retirer</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const rowName = `${name.toLowerCase()} ${i + 1}`;
                const rowError = errors.get(`${field}[${i}]`);
                return (
                  <tr key={i}>
                    <th scope="row">
                      {i + 1}
                      {rowError && <p className="fr-error-text fr-mt-1v berceau-settings-row-error">{rowError}</p>}
                    </th>
                    {columns.map((c) => (
                      <td key={c.key}>
                        <FieldCell
                          id={`${field}-${i}-${c.key}`}
                          disabled={!editable}
                          column={c}
                          label={`${c.label}, ${rowName}`}
                          value={row[c.key]}
                          error={errors.get(`${field}[${i}].${c.key}`)}
                          onChange={(v) => onChange(rows.map((r, k) => (k === i ? { ...r, [c.key]: v } : r)))}
                        />
                      </td>
                    ))}
                    {editable && (
                      <td>
                        <Button
                          type="button"
                          priority="tertiary"
                          size="small"
                          onClick={() => onChange(rows.filter((_, k) => k !== i))}
                        >
                          Retirer<span className="fr-sr-only"> : {rowName}</span>
                        </Button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <Button type="button" priority="secondary" size="small" onClick={() => onChange([...rows, blank])}>
          Ajouter : {name.toLowerCase()}
        </Button>
      )}
    </>
  );
}

function FieldCell<T>({
  id,
  disabled,
  column,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  disabled: boolean;
  column: Column<T>;
  label: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const errorId = `${id}-erreur`;
  const common = {
    id,
    disabled,
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    value,
  };
  return (
    <>
      {column.kind === 'weekday' ? (
        <select
          {...common}
          className={`fr-select${error ? ' fr-select--error' : ''}`}
          onChange={(e) => onChange(e.target.value)}
        >
          {WEEKDAYS_FR.map((d, k) => (
            <option key={d} value={String(k + 1)}>
              {d}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          className={`fr-input${error ? ' fr-input--error' : ''}`}
          type={column.kind === 'date' ? 'date' : 'text'}
          inputMode={column.kind === 'time' || column.kind === 'number' ? 'numeric' : undefined}
          size={column.kind === 'text' ? 20 : column.kind === 'number' ? 3 : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <p id={errorId} className="fr-error-text fr-mt-1v">
          {error}
        </p>
      )}
    </>
  );
}
