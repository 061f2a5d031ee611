import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { Link } from '../../router';
import { euros, frenchDate, REASON_LABELS, reasonFr } from './audit-format';
import { applyFilters, Pager, useAllCreches, useFilters } from './audit-shared';

type Reason = NonNullable<components['schemas']['AuditComputationRowDto']['reason']>;

const PAGE = 25;
const KEYS = ['crecheId', 'from', 'to', 'reason', 'ecarts', 'offset'] as const;

/**
 * Calculs de participation (issue #19): the stored fee computations of every crèche for a Caf auditor, filtered by
 * crèche, period, reason and deviations from today's rules, a page at a time; each row opens its trace.
 */
export function ComputationsPage() {
  const filters = useFilters(KEYS);
  const offset = Number(filters.offset) || 0;
  const creches = useAllCreches();
  const list = useQuery({
    queryKey: ['audit', 'computations', filters],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/fees/computations', {
          params: {
            query: {
              crecheId: filters.crecheId || undefined,
              from: filters.from || undefined,
              to: filters.to || undefined,
              reason: (filters.reason || undefined) as Reason | undefined,
              deviationsOnly: filters.ecarts === 'oui' ? true : undefined,
              limit: PAGE,
              offset,
            },
          },
        }),
      ),
  });
  const go = (next: Partial<Record<(typeof KEYS)[number], string>>) =>
    applyFilters(webPaths.auditComputations, { ...filters, ...next });

  return (
    <>
      <h1>Calculs de participation</h1>
      <p>
        Les participations familiales enregistrées, avec leur trace. « Écart » signale un calcul que les règles
        d’aujourd’hui donneraient autrement. La date d’effet d’un calcul ouvre sa trace.
      </p>
      <Filters
        key={JSON.stringify(filters)}
        initial={filters}
        creches={creches.data ?? []}
        onApply={(f) => go({ ...f, offset: '' })}
      />
      {creches.error && <Alert severity="error" small description={frenchError(creches.error)} />}
      {list.isPending ? (
        <p>Chargement des calculs…</p>
      ) : list.error ? (
        <Alert severity="error" small description={frenchError(list.error)} />
      ) : (
        <section aria-labelledby="calculs-titre">
          <h2 id="calculs-titre">
            {list.data.total} calcul{list.data.total > 1 ? 's' : ''}
          </h2>
          {list.data.items.length === 0 ? (
            <p>Aucun calcul ne correspond à ces filtres.</p>
          ) : (
            <Table
              caption="Calculs de participation"
              noCaption
              headers={[
                'Date d’effet',
                'Crèche',
                'N° allocataire Caf',
                'Enfant',
                'Motif',
                'Tarif horaire',
                'Participation mensuelle',
              ]}
              data={list.data.items.map((c) => [
                <Link key={c.id} href={webPaths.auditComputation(c.id)}>
                  {frenchDate(c.effectiveFrom)}
                  <span className="fr-sr-only">
                    {` : voir la trace du calcul${c.childFirstName ? ` pour ${c.childFirstName}` : ''}, ${c.crecheName}`}
                  </span>
                </Link>,
                c.crecheName,
                c.cafNumber ?? 'non renseigné',
                c.childFirstName ?? '—',
                reasonFr(c.reason),
                euros(c.hourlyRate),
                <>
                  {euros(c.monthlyFee)}
                  {c.deviates && (
                    <>
                      {' '}
                      <Badge severity="warning" small>
                        Écart
                      </Badge>
                    </>
                  )}
                </>,
              ])}
            />
          )}
          <Pager
            offset={offset}
            limit={PAGE}
            total={list.data.total}
            onOffset={(o) => go({ offset: o ? String(o) : '' })}
          />
        </section>
      )}
    </>
  );
}

type FilterValues = { crecheId: string; from: string; to: string; reason: string; ecarts: string };

function Filters({
  initial,
  creches,
  onApply,
}: {
  initial: FilterValues;
  creches: readonly { id: string; name: string }[];
  onApply: (f: FilterValues) => void;
}) {
  const [f, setF] = useState<FilterValues>({
    crecheId: initial.crecheId,
    from: initial.from,
    to: initial.to,
    reason: initial.reason,
    ecarts: initial.ecarts,
  });
  const set = (k: keyof FilterValues) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  return (
    <form aria-label="Filtrer les calculs" onSubmit={submit} className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Crèche" nativeSelectProps={{ value: f.crecheId, onChange: set('crecheId') }}>
            <option value="">Toutes les crèches</option>
            {creches.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Motif du calcul" nativeSelectProps={{ value: f.reason, onChange: set('reason') }}>
            <option value="">Tous les motifs</option>
            {Object.entries(REASON_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Effectif à partir du"
            nativeInputProps={{ type: 'date', value: f.from, onChange: set('from') }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input label="Effectif jusqu’au" nativeInputProps={{ type: 'date', value: f.to, onChange: set('to') }} />
        </div>
      </div>
      <Checkbox
        options={[
          {
            label: 'Écarts seulement (calculs que les règles d’aujourd’hui donneraient autrement)',
            nativeInputProps: {
              checked: f.ecarts === 'oui',
              onChange: (e) => setF({ ...f, ecarts: e.target.checked ? 'oui' : '' }),
            },
          },
        ]}
      />
      <Button type="submit">Filtrer</Button>
    </form>
  );
}
