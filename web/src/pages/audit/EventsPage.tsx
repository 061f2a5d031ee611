import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import {
  ACTION_LABELS,
  actionCodeOf,
  actionFr,
  dateTimeFr,
  dayAfter,
  detailsFr,
  ROLE_LABELS,
  roleFr,
} from './audit-format';
import { applyFilters, useFilters } from './audit-shared';
import './audit.css';

const PAGE = 25;
const KEYS = ['action', 'actorRole', 'actorUserId', 'subjectType', 'subjectId', 'from', 'to', 'cursor'] as const;
type Key = (typeof KEYS)[number];
type FilterValues = Record<Exclude<Key, 'cursor'>, string>;

/** The kinds of entity the log names most (subject_type), for the entity filter's suggestions. */
const SUBJECT_TYPES = [
  'contract',
  'family',
  'fee_scale',
  'creche',
  'invoice',
  'payment',
  'user',
  'application',
  'offer',
];

/**
 * Journal (issue #19): the audit log for a Caf auditor, newest first, filtered by action, actor (role or account),
 * entity and period, a page at a time (the API's cursor kept in the address, so the back button returns).
 */
export function EventsPage() {
  const filters = useFilters(KEYS);
  const events = useQuery({
    queryKey: ['audit', 'events', filters],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/events', {
          params: {
            query: {
              action: filters.action || undefined,
              actorRole: filters.actorRole || undefined,
              actorUserId: filters.actorUserId || undefined,
              subjectType: filters.subjectType || undefined,
              subjectId: filters.subjectId || undefined,
              from: filters.from || undefined,
              to: filters.to ? dayAfter(filters.to) : undefined,
              cursor: filters.cursor || undefined,
              limit: PAGE,
            },
          },
        }),
      ),
  });
  const go = (next: Partial<Record<Key, string>>) => applyFilters(webPaths.auditEvents, { ...filters, ...next });

  return (
    <>
      <h1>Journal d’audit</h1>
      <p>Chaque action enregistrée par Berceau, de la plus récente à la plus ancienne.</p>
      <Filters key={JSON.stringify(filters)} initial={filters} onApply={(f) => go({ ...f, cursor: '' })} />
      {events.isPending ? (
        <p>Chargement du journal…</p>
      ) : events.error ? (
        <Alert severity="error" small description={frenchError(events.error)} />
      ) : (
        <section aria-labelledby="journal-titre">
          <h2 id="journal-titre">{filters.cursor ? 'Événements plus anciens' : 'Derniers événements'}</h2>
          {events.data.items.length === 0 ? (
            <p>Aucun événement ne correspond à ces filtres.</p>
          ) : (
            <Table
              caption="Événements du journal d’audit"
              noCaption
              headers={['Date', 'Action', 'Acteur', 'Entité', 'Détails']}
              data={events.data.items.map((e) => [
                dateTimeFr(e.occurredAt),
                <span key="a">
                  {ACTION_LABELS[e.action] ? (
                    <>
                      {actionFr(e.action)}
                      <br />
                      <code className="audit-id">{e.action}</code>
                    </>
                  ) : (
                    <code className="audit-id">{e.action}</code>
                  )}
                </span>,
                <span key="r">
                  {roleFr(e.actorRole)}
                  {e.actorUserId && (
                    <>
                      <br />
                      <Button
                        priority="tertiary no outline"
                        size="small"
                        title={`Les actions de ce compte (${e.actorUserId})`}
                        onClick={() => go({ actorUserId: e.actorUserId!, cursor: '' })}
                      >
                        {`Compte ${e.actorUserId.slice(0, 8)}`}
                      </Button>
                    </>
                  )}
                </span>,
                <span key="s">
                  <code className="audit-id">{e.subjectType}</code>
                  {e.subjectId && (
                    <>
                      <br />
                      <small className="audit-id">{e.subjectId}</small>
                    </>
                  )}
                </span>,
                <small key="d" className="audit-id">
                  {detailsFr(e.details)}
                </small>,
              ])}
            />
          )}
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-mt-2w">
            {filters.cursor && (
              <li>
                <Button priority="secondary" onClick={() => go({ cursor: '' })}>
                  Revenir aux plus récents
                </Button>
              </li>
            )}
            {events.data.nextCursor && (
              <li>
                <Button priority="secondary" onClick={() => go({ cursor: events.data.nextCursor! })}>
                  Événements plus anciens
                </Button>
              </li>
            )}
          </ul>
        </section>
      )}
    </>
  );
}

function Filters({ initial, onApply }: { initial: FilterValues; onApply: (f: FilterValues) => void }) {
  const [f, setF] = useState<FilterValues>({
    action: initial.action,
    actorRole: initial.actorRole,
    actorUserId: initial.actorUserId,
    subjectType: initial.subjectType,
    subjectId: initial.subjectId,
    from: initial.from,
    to: initial.to,
  });
  const set = (k: keyof FilterValues) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value.trim() });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...f, action: actionCodeOf(f.action) });
  };
  return (
    <form aria-label="Filtrer le journal" onSubmit={submit} className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Action"
            hintText="Son libellé, par exemple « Participation calculée », ou son code (fee.computed)"
            nativeInputProps={{ value: f.action, onChange: set('action'), list: 'audit-actions' }}
          />
          <datalist id="audit-actions">
            {Object.entries(ACTION_LABELS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </datalist>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Rôle de l’acteur" nativeSelectProps={{ value: f.actorRole, onChange: set('actorRole') }}>
            <option value="">Tous les rôles</option>
            {Object.entries(ROLE_LABELS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Compte de l’acteur"
            hintText="Son identifiant"
            nativeInputProps={{ value: f.actorUserId, onChange: set('actorUserId') }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Type d’entité"
            hintText="Par exemple contract"
            nativeInputProps={{ value: f.subjectType, onChange: set('subjectType'), list: 'audit-subjects' }}
          />
          <datalist id="audit-subjects">
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Identifiant de l’entité"
            nativeInputProps={{ value: f.subjectId, onChange: set('subjectId') }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input label="Du" nativeInputProps={{ type: 'date', value: f.from, onChange: set('from') }} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input label="Au (inclus)" nativeInputProps={{ type: 'date', value: f.to, onChange: set('to') }} />
        </div>
      </div>
      <Button type="submit">Filtrer</Button>
    </form>
  );
}
