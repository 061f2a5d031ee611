import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';

export type StaffCreche = components['schemas']['CrecheResponseDto'];

// The crèche a staff member works on, kept while they move between its pages (not a secret: an id they may read).
const CHOSEN_KEY = 'berceau.staff.creche';

/** The crèches the signed-in staff member manages (every crèche for an admin) and the one they are working on. */
export function useStaffCreche() {
  const creches = useQuery({
    queryKey: ['me', 'creches'],
    queryFn: (): Promise<StaffCreche[]> => unwrap(api.GET('/api/me/creches')),
  });
  const [chosen, setChosenState] = useState<string | null>(() => sessionStorage.getItem(CHOSEN_KEY));
  const list = creches.data ?? [];
  const creche = list.find((c) => c.id === chosen) ?? list[0];
  const setChosen = (id: string) => {
    sessionStorage.setItem(CHOSEN_KEY, id);
    setChosenState(id);
  };
  return { creches, list, creche, setChosen };
}

/**
 * The staff pages' frame: loading, error and "no crèche" states, the crèche chooser when there are several (its
 * name otherwise), then the page's content for the crèche chosen.
 */
export function CrecheChooser({ children }: { children: (creche: StaffCreche) => ReactNode }) {
  const { creches, list, creche, setChosen } = useStaffCreche();
  if (creches.isPending) return <p>Chargement…</p>;
  if (creches.error) return <Alert severity="error" small description={frenchError(creches.error)} />;
  if (!creche) return <p>Aucune crèche ne vous est confiée pour le moment.</p>;
  return (
    <>
      {list.length > 1 ? (
        <Select label="Crèche" nativeSelectProps={{ value: creche.id, onChange: (e) => setChosen(e.target.value) }}>
          {list.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      ) : (
        <p>
          Crèche : <strong>{creche.name}</strong>
        </p>
      )}
      {children(creche)}
    </>
  );
}
