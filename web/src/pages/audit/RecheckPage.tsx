import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { Link } from '../../router';
import { differenceFr, euros, frenchDate } from './audit-format';
import { useAllCreches } from './audit-shared';

type Deviation = components['schemas']['DeviationDto'];
type Figures = { hourlyRate: string; monthlyFee: string };

const figuresOf = (r: Deviation['recomputed']): Figures | null =>
  typeof r === 'object' && r !== null && 'monthlyFee' in r ? (r as Figures) : null;
const errorOf = (r: Deviation['recomputed']): string =>
  typeof r === 'object' && r !== null && 'error' in r ? String((r as { error: unknown }).error) : '';

/**
 * Vérification (issue #19): recomputes the stored fees of one crèche or all with today's rules (the API writes
 * nothing) and lists each deviation: what was stored, what the rules give now, the difference, and the trace.
 */
export function RecheckPage() {
  const creches = useAllCreches();
  const [crecheId, setCrecheId] = useState('');
  const recheck = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/audit/fees/recheck', { params: { query: { crecheId: id || undefined } } })),
  });
  const nameOf = (id: string) => creches.data?.find((c) => c.id === id)?.name ?? 'Crèche inconnue';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    recheck.mutate(crecheId);
  };
  const result = recheck.data;
  return (
    <>
      <h1>Vérification des participations</h1>
      <p>
        Recalcule chaque participation enregistrée avec les règles et le barème d’aujourd’hui, sans rien modifier, et
        liste celles qui diffèrent.
      </p>
      <form aria-label="Lancer la vérification" onSubmit={submit} className="fr-mb-4w">
        <Select label="Crèche" nativeSelectProps={{ value: crecheId, onChange: (e) => setCrecheId(e.target.value) }}>
          <option value="">Toutes les crèches</option>
          {(creches.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Button type="submit" disabled={recheck.isPending}>
          {recheck.isPending ? 'Vérification en cours…' : 'Lancer la vérification'}
        </Button>
      </form>
      <div aria-live="polite">
        {recheck.error && <Alert severity="error" small description={frenchError(recheck.error)} />}
        {result && (
          <section aria-labelledby="ecarts-titre">
            <h2 id="ecarts-titre">
              {result.deviations.length === 0
                ? 'Aucun écart'
                : `${result.deviations.length} écart${result.deviations.length > 1 ? 's' : ''}`}
            </h2>
            <p>
              {result.checked} calcul{result.checked > 1 ? 's' : ''} vérifié{result.checked > 1 ? 's' : ''}
              {recheck.variables ? ` (${nameOf(recheck.variables)})` : ' (toutes les crèches)'}.
            </p>
            {result.deviations.length > 0 && (
              <Table
                caption="Écarts entre les participations enregistrées et recalculées"
                noCaption
                headers={[
                  'Date d’effet',
                  'Crèche',
                  'Tarif horaire enregistré',
                  'Tarif horaire recalculé',
                  'Participation enregistrée',
                  'Participation recalculée',
                  'Différence par mois',
                  'Trace',
                ]}
                data={result.deviations.map((d) => {
                  const now = figuresOf(d.recomputed);
                  return [
                    frenchDate(d.effectiveFrom),
                    nameOf(d.crecheId),
                    euros(d.stored.hourlyRate),
                    now ? euros(now.hourlyRate) : `Recalcul impossible : ${errorOf(d.recomputed)}`,
                    euros(d.stored.monthlyFee),
                    now ? euros(now.monthlyFee) : '—',
                    now ? (differenceFr(d.stored.monthlyFee, now.monthlyFee) ?? '—') : '—',
                    <Link
                      key={d.computationId}
                      href={webPaths.auditComputation(d.computationId)}
                      aria-label={`Voir la trace du calcul du ${frenchDate(d.effectiveFrom)}, ${nameOf(d.crecheId)}`}
                    >
                      Voir la trace
                    </Link>,
                  ];
                })}
              />
            )}
          </section>
        )}
      </div>
    </>
  );
}
