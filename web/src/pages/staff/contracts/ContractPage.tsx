import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../../api/errors-fr';
import { Link } from '../../../router';
import { ScheduleSummary } from '../../parent/ScheduleSummary';
import { euros, explainQuote, hours } from '../../public/quote-steps';
import { useCrecheOffers } from '../rounds/OffersList';
import { civilDateFr, ofNameFr, parisDateTimeFr } from '../rounds/round-words';
import { todayInFrance } from '../today';
import { canEnd, computationQuote, type Contract, contractFee, contractStatusFr, parentsFr } from './contract-words';

const endModal = createModal({ id: 'confirmer-fin-contrat', isOpenedByDefault: false });

/** One contract (issue #19): who, when, the schedule, the fee in force with its steps in French, and its early end. */
export function ContractPage({ id }: { id: string }) {
  const contract = useQuery({
    queryKey: ['contracts', id],
    queryFn: async () => await unwrap(api.GET('/api/contracts/{id}', { params: { path: { id } } })),
  });
  if (contract.isPending)
    return (
      <>
        <h1>Contrat</h1>
        <p>Chargement du contrat…</p>
      </>
    );
  if (contract.error)
    return (
      <>
        <h1>Contrat</h1>
        <Alert severity="error" small description={frenchError(contract.error)} />
        <p className="fr-mt-2w">
          <Link href={webPaths.staffContracts}>Retour aux contrats</Link>
        </p>
      </>
    );
  return <ContractView contract={contract.data} />;
}

function ContractView({ contract: c }: { contract: Contract }) {
  const today = todayInFrance();
  const child = c.childFirstName ?? 'Enfant (données effacées)';
  const status = contractStatusFr(c, today);
  return (
    <>
      <p className="fr-mb-1w">
        <Link href={webPaths.staffContracts}>Contrats</Link>
      </p>
      <h1>Contrat {c.childFirstName ? ofNameFr(c.childFirstName) : ''}</h1>
      <p>
        <Badge severity={status === 'Terminé' ? 'new' : status === 'En cours' ? 'success' : 'info'} noIcon>
          {status}
        </Badge>
      </p>
      <FromOffer contract={c} />
      <dl>
        <dt className="fr-text--bold">Enfant</dt>
        <dd className="fr-mb-1w">{child}</dd>
        <dt className="fr-text--bold">Parents</dt>
        <dd className="fr-mb-1w">{parentsFr(c.parents)}</dd>
        <dt className="fr-text--bold">Du</dt>
        <dd className="fr-mb-1w">{civilDateFr(c.startDate)}</dd>
        <dt className="fr-text--bold">Au</dt>
        <dd className="fr-mb-1w" data-testid="contract-end">
          {civilDateFr(c.endDate)}
        </dd>
        <dt className="fr-text--bold">Horaires ({hours(c.hoursPerWeek)} par semaine)</dt>
        <dd className="fr-mb-1w">
          <ScheduleSummary schedule={c.schedule} />
        </dd>
        {c.leavePeriods.length > 0 && (
          <>
            <dt className="fr-text--bold">Congés prévus</dt>
            <dd className="fr-mb-1w">
              {c.leavePeriods.map((p) => `du ${civilDateFr(p.from)} au ${civilDateFr(p.to)}`).join(' ; ')}
            </dd>
          </>
        )}
      </dl>
      <Fee contract={c} />
      {canEnd(c, today) && <EndContract contract={c} child={child} />}
    </>
  );
}

/** The offer the contract came from, when it did: the API creates the contract as the family accepts. */
function FromOffer({ contract: c }: { contract: Contract }) {
  const offers = useCrecheOffers(c.crecheId);
  const offer = offers.data?.find((o) => o.contractId === c.id);
  if (!offer) return null;
  return (
    <p>
      Contrat créé automatiquement à l’acceptation de l’offre par la famille
      {offer.answeredAt ? `, le ${parisDateTimeFr(offer.answeredAt)}` : ''} (
      <Link href={webPaths.staffRound(offer.roundId)}>voir l’attribution</Link>).
    </p>
  );
}

function Fee({ contract: c }: { contract: Contract }) {
  const fee = contractFee(c);
  const computation = useQuery({
    queryKey: ['fee-computations', fee?.computationId],
    enabled: !!fee,
    queryFn: async () =>
      await unwrap(api.GET('/api/fee-computations/{id}', { params: { path: { id: fee!.computationId } } })),
  });
  if (!fee)
    return (
      <section aria-labelledby="participation">
        <h2 id="participation">Participation de la famille</h2>
        <p>La participation n’est pas encore calculée : les ressources du foyer ne sont pas connues.</p>
      </section>
    );
  const steps = computation.data ? explainQuote(computationQuote(computation.data), 'STAFF') : [];
  return (
    <section aria-labelledby="participation" className="fr-p-3w fr-background-alt--blue-france fr-mb-3w">
      <h2 id="participation">Participation de la famille</h2>
      <dl className="berceau-figures">
        <div>
          <dt>Participation mensuelle</dt>
          <dd className="fr-h3 fr-mb-1w" data-testid="contract-monthly-fee">
            {euros(fee.monthlyFee)}
          </dd>
        </div>
        <div>
          <dt>Tarif horaire</dt>
          <dd>{euros(fee.hourlyRate)}</dd>
        </div>
        <div>
          <dt>Heures facturées par mois</dt>
          <dd>{hours(fee.monthlyHours)}</dd>
        </div>
      </dl>
      <p>En vigueur depuis le {civilDateFr(fee.effectiveFrom)}.</p>
      {(c.upcomingFees ?? []).length > 0 && (
        <div className="fr-mb-2w">
          <p className="fr-mb-1w">Déjà calculé, à venir (nouvelles ressources validées, nouveau barème) :</p>
          <ul aria-label="Participations à venir">
            {(c.upcomingFees ?? []).map((f) => (
              <li key={f.computationId}>
                À partir du {civilDateFr(f.effectiveFrom)} : {euros(f.monthlyFee)} par mois ({euros(f.hourlyRate)} de
                l’heure, {hours(f.monthlyHours)} par mois).
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3 className="fr-h5">Le calcul, étape par étape</h3>
      {computation.isPending ? (
        <p>Chargement du calcul…</p>
      ) : computation.error ? (
        <Alert severity="error" small description={frenchError(computation.error)} />
      ) : (
        <ol>
          {steps.map((s, i) => (
            <li key={i}>
              <strong>{s.title} : </strong>
              {s.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function EndContract({ contract: c, child }: { contract: Contract; child: string }) {
  const queryClient = useQueryClient();
  const today = todayInFrance();
  const [endDate, setEndDate] = useState(() => (today > c.startDate ? today : c.startDate));
  const [done, setDone] = useState<string | null>(null);
  const end = useMutation({
    mutationFn: async () =>
      await unwrap(api.POST('/api/contracts/{id}/end', { params: { path: { id: c.id } }, body: { endDate } })),
    onSuccess: async (saved) => {
      setDone(saved.endDate);
      queryClient.setQueryData(['contracts', c.id], (old: Contract | undefined) =>
        old ? { ...old, endDate: saved.endDate } : old,
      );
      await queryClient.invalidateQueries({ queryKey: ['creches', c.crecheId, 'contracts'] });
    },
  });
  const fields = fieldErrorsFr(end.error);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    endModal.open();
  };
  return (
    <section aria-labelledby="fin-contrat">
      <h2 id="fin-contrat">Mettre fin au contrat</h2>
      <p>
        Le contrat s’arrête après le dernier jour d’accueil choisi. Une date de fin ne peut qu’avancer : un contrat plus
        long est une nouvelle admission.
      </p>
      <div aria-live="polite">
        {done && (
          <Alert
            className="fr-mb-2w"
            severity="success"
            small
            description={`Le contrat ${ofNameFr(child)} prend fin le ${civilDateFr(done)}.`}
          />
        )}
        {end.error && !fields.size && (
          <Alert className="fr-mb-2w" severity="error" small description={frenchError(end.error)} />
        )}
      </div>
      <form onSubmit={ask} aria-label="Mettre fin au contrat">
        <Input
          label="Dernier jour d’accueil"
          hintText={`Entre le ${civilDateFr(c.startDate)} et le ${civilDateFr(c.endDate)}.`}
          nativeInputProps={{
            type: 'date',
            value: endDate,
            min: c.startDate,
            max: c.endDate,
            required: true,
            onChange: (e) => setEndDate(e.target.value),
          }}
          {...fieldState(fields, 'endDate')}
        />
        <Button type="submit" priority="secondary" disabled={end.isPending}>
          Mettre fin au contrat…
        </Button>
      </form>
      <endModal.Component
        title="Mettre fin au contrat ?"
        buttons={[
          { children: 'Annuler', priority: 'secondary' },
          { children: 'Mettre fin au contrat', onClick: () => end.mutate(), doClosesModal: true },
        ]}
      >
        <p>
          Le contrat {ofNameFr(child)} prendra fin le {civilDateFr(endDate)} (au lieu du {civilDateFr(c.endDate)}).
          L’enfant ne sera plus attendu à la crèche après cette date.
        </p>
      </endModal.Component>
    </section>
  );
}
