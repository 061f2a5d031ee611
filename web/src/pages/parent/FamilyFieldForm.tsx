import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';

type Family = components['schemas']['FamilyResponseDto'];
type FamilyPatch = components['schemas']['UpdateFamilyDto'];

/** What one of Mon foyer's one-field forms corrects, and what it says. */
export interface FamilyField<K extends keyof FamilyPatch & keyof Family> {
  readonly name: K;
  readonly label: string;
  readonly hintText: string;
  readonly submitLabel: string;
  readonly inputMode: HTMLAttributes<HTMLInputElement>['inputMode'];
  readonly autoComplete?: string;
  /** The value sent for what was typed. */
  readonly toValue: (typed: string) => FamilyPatch[K];
  /** The confirmation, from the household as saved. */
  readonly savedMessage: (saved: Family) => string;
  /** What else the page shows from the change (a rank moves with the commune). */
  readonly alsoInvalidates?: readonly string[];
  /** Shown under the field as it is typed (the commune's check). */
  readonly below?: (typed: string) => ReactNode;
}

/**
 * One field of the household corrected on its own (the existing `PATCH /families/:id`, no declaration needed: the
 * commune, the postal code). The API's refusal is shown on the field, or above the button when it names no field.
 */
export function FamilyFieldForm<K extends keyof FamilyPatch & keyof Family>({
  family,
  field,
}: {
  family: Family;
  field: FamilyField<K>;
}) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState(String(family[field.name] ?? ''));
  // The value saved may change from elsewhere on the page (a Caf number taken back by « pas allocataire »): the field
  // shows it, without remounting the form (its confirmation stays said).
  const saved = family[field.name];
  useEffect(() => setTyped(String(saved ?? '')), [saved]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/families/{id}', {
          params: { path: { id: family.id } },
          body: { [field.name]: field.toValue(typed) } as FamilyPatch,
        }),
      ),
    onSuccess: async () => {
      for (const key of ['my-family', ...(field.alsoInvalidates ?? [])])
        await queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
  const errors = fieldErrorsFr(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="fr-mb-2w">
      <Input
        label={field.label}
        hintText={field.hintText}
        {...fieldState(errors, field.name)}
        nativeInputProps={{
          name: field.name,
          value: typed,
          onChange: (e) => {
            setTyped(e.target.value);
            save.reset();
          },
          inputMode: field.inputMode,
          ...(field.autoComplete ? { autoComplete: field.autoComplete } : {}),
        }}
      />
      {field.below?.(typed)}
      <div aria-live="polite">
        {save.isSuccess && (
          <Alert severity="success" small description={field.savedMessage(save.data)} className="fr-mb-2w" />
        )}
        {save.isError && errors.size === 0 && (
          <Alert severity="error" small description={frenchError(save.error)} className="fr-mb-2w" />
        )}
      </div>
      <Button type="submit" priority="secondary" disabled={save.isPending}>
        {field.submitLabel}
      </Button>
    </form>
  );
}
