import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { PARENTS_ACTIVITY_FR } from './household-shared';

type Family = components['schemas']['FamilyResponseDto'];
type Patch = components['schemas']['UpdateFamilyDto'];

/** The facts of the household that earn priority points, as declared at sign-up, in the words of the form. */
export const SITUATION_FLAGS = [
  ['singleParent', 'Je suis seul(e) à élever mon enfant'],
  ['atypicalWorkHours', 'Un parent travaille tôt le matin, le soir, la nuit ou le week-end'],
  ['socialMinimaOrInsertion', 'Le foyer perçoit un minimum social ou suit un parcours d’insertion'],
  ['otherHouseholdDisability', 'Une autre personne du foyer est en situation de handicap'],
] as const;
type Flag = (typeof SITUATION_FLAGS)[number][0];

/**
 * The household's situation as it declared it (the parents' activity, single parent, hours, social minima, another
 * member's disability): shown, and changed when life changes (a job found or lost). A changed criterion that needs
 * proof waits for the crèche's check again before it counts in a round (docs/rules.md R5.8).
 */
export function SituationForm({ family }: { family: Family }) {
  const queryClient = useQueryClient();
  const [activity, setActivity] = useState(family.parentsActivity);
  const [flags, setFlags] = useState<Record<Flag, boolean>>({
    singleParent: family.singleParent,
    atypicalWorkHours: family.atypicalWorkHours,
    socialMinimaOrInsertion: family.socialMinimaOrInsertion,
    otherHouseholdDisability: family.otherHouseholdDisability,
  });
  const doneRef = useRef<HTMLDivElement>(null);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/families/{id}', {
          params: { path: { id: family.id } },
          body: { parentsActivity: activity as Patch['parentsActivity'], ...flags },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['my-family'] });
      requestAnimationFrame(() => doneRef.current?.focus());
    },
  });
  const errors = fieldErrorsFr(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="fr-mb-3w" aria-labelledby="situation-titre">
      <h3 id="situation-titre" className="fr-h6">
        Activité et situation des parents
      </h3>
      <p className="fr-hint-text">
        Elles comptent dans la priorité de vos demandes. Un changement qui demande un justificatif (activité, parent
        seul, minimum social, handicap) compte une fois vérifié par la crèche.
      </p>
      <Select
        label="Activité des parents"
        {...fieldState(errors, 'parentsActivity')}
        nativeSelectProps={{
          name: 'parentsActivity',
          value: activity,
          onChange: (e) => {
            setActivity(e.target.value);
            save.reset();
          },
        }}
      >
        {Object.entries(PARENTS_ACTIVITY_FR).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <Checkbox
        legend="Votre situation"
        options={SITUATION_FLAGS.map(([name, label]) => ({
          label,
          nativeInputProps: {
            name,
            checked: flags[name],
            onChange: () => {
              setFlags((f) => ({ ...f, [name]: !f[name] }));
              save.reset();
            },
          },
        }))}
      />
      <div ref={doneRef} tabIndex={-1} aria-live="polite">
        {save.isSuccess && <Alert severity="success" small description="Situation enregistrée." className="fr-mb-2w" />}
        {save.isError && errors.size === 0 && (
          <Alert severity="error" small description={frenchError(save.error)} className="fr-mb-2w" />
        )}
      </div>
      <Button type="submit" priority="secondary" disabled={save.isPending}>
        Mettre à jour ma situation
      </Button>
    </form>
  );
}
