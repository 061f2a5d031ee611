import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import type { FamilyField } from './FamilyFieldForm';

/**
 * The commune is asked for by its INSEE code, which parents confuse with the postal code (88700 is Rambervillers'
 * postal code; its INSEE code is 88367). The example says both.
 */
export const COMMUNE_HINT =
  'Le code officiel de la commune (5 caractères), différent du code postal : par exemple 88367 pour Rambervillers, dont le code postal est 88700.';

/** The communes of the territories (public), by INSEE code: what gives the residence priority. */
export function useTerritoryCommunes(): ReadonlyMap<string, string> | undefined {
  const territories = useQuery({
    queryKey: ['territories'],
    queryFn: () => unwrap(api.GET('/api/territories')),
    staleTime: 60 * 60_000,
  });
  if (!territories.data) return undefined;
  return new Map(territories.data.flatMap((t) => t.communes.map((c) => [c.inseeCode, c.name] as const)));
}

/**
 * What a typed commune code is: one of the territory's communes (named), or none of them. A code outside the territory
 * is taken (many households live outside it), but the territory's residence priority does not apply: said plainly,
 * with the territory's communes, so that a postal code typed by mistake is seen at once.
 */
export function CommuneCheck({ code }: { code: string }) {
  const communes = useTerritoryCommunes();
  const typed = code.trim().toUpperCase();
  if (!communes || !/^(\d{5}|2[AB]\d{3})$/.test(typed)) return <div aria-live="polite" />;
  const name = communes.get(typed);
  return (
    <div aria-live="polite" data-testid="commune-check">
      {name ? (
        <p className="fr-text--sm fr-mb-2w">{`${name} : commune du territoire.`}</p>
      ) : (
        <Alert
          severity="warning"
          small
          className="fr-mb-2w"
          description={
            <>
              {`Le code ${typed} n’est celui d’aucune commune du territoire. Vérifiez qu’il s’agit du code INSEE de votre commune et non de son code postal. Si vous habitez hors du territoire, vous pouvez le garder : la priorité accordée à ses habitants ne s’appliquera pas à vos demandes.`}
              {communes.size > 0 && communes.size <= 40 && (
                <>
                  <br />
                  {`Communes du territoire : ${[...communes].map(([c, n]) => `${n} (${c})`).join(', ')}.`}
                </>
              )}
            </>
          }
        />
      )}
    </div>
  );
}

/**
 * The household corrects its commune (no declaration, residence needs no proof). The waitlists' rankings follow at
 * once: the database notes the crèches of the household's applications as changed.
 */
export const COMMUNE_FIELD: FamilyField<'communeInseeCode'> = {
  name: 'communeInseeCode',
  label: 'Commune de résidence (code INSEE)',
  hintText: COMMUNE_HINT,
  submitLabel: 'Corriger la commune',
  inputMode: 'text',
  toValue: (typed) => typed.trim().toUpperCase(),
  savedMessage: () => 'Commune enregistrée : le rang de vos demandes en tient compte.',
  alsoInvalidates: ['application'],
  below: (typed) => <CommuneCheck code={typed} />,
};
