import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webPaths } from '../../../../../src/common/web/web-paths';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldErrorsFr, fieldState, frenchError } from '../../../api/errors-fr';
import { Link, navigate } from '../../../router';
import { CrecheChooser, type StaffCreche } from '../staff-creche';
import { OffersList } from './OffersList';
import { civilDateFr, nextMonthStart, parisDateTimeFr } from './round-words';
import { useSingleFlight } from '../../../components/use-single-flight';

/**
 * Attribution (issue #19): the manager computes a draft round for the crèche, then reads, replays, trims and confirms
 * it on its own page; here also the crèche's offers with their deadlines and answers, and the rounds already run.
 */
export function RoundsPage() {
  return (
    <>
      <h1>Attribution des places</h1>
      <CrecheChooser>
        {(creche) => (
          <div key={creche.id}>
            <NewRound creche={creche} />
            <h2 className="fr-mt-4w">Offres envoyées</h2>
            <p>
              Quand une famille accepte ou refuse une offre, vous en êtes averti par e-mail ; ces e-mails sont aussi
              dans <Link href={webPaths.messages}>vos messages</Link>.
            </p>
            <OffersList crecheId={creche.id} />
            <PastRounds crecheId={creche.id} />
          </div>
        )}
      </CrecheChooser>
    </>
  );
}

function NewRound({ creche }: { creche: StaffCreche }) {
  const [startDate, setStartDate] = useState(nextMonthStart);
  const create = useMutation({
    mutationFn: async () =>
      await unwrap(api.POST('/api/allocation-rounds', { body: { crecheIds: [creche.id], startDate } })),
    onSuccess: (round) => navigate(webPaths.staffRound(round.id)),
  });
  const fields = fieldErrorsFr(create.error);
  // One round a click: a double click made two identical drafts.
  const createOnce = useSingleFlight(create.mutateAsync);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    createOnce(undefined);
  };
  return (
    <section aria-labelledby="nouvelle-attribution">
      <h2 id="nouvelle-attribution">Nouvelle attribution</h2>
      <p>
        Berceau classe les demandes de la liste d’attente et propose les places libres à partir de la date d’entrée
        choisie. Le résultat est un brouillon : rien n’est envoyé aux familles avant votre confirmation.
      </p>
      <form onSubmit={submit} aria-label="Nouvelle attribution">
        <Input
          label="Date d’entrée des enfants"
          hintText="Les contrats proposés commencent à cette date (ou plus tard si la famille l’a demandé)."
          nativeInputProps={{
            type: 'date',
            value: startDate,
            onChange: (e) => setStartDate(e.target.value),
            required: true,
          }}
          {...fieldState(fields, 'startDate')}
        />
        {create.error && !fields.size && (
          <Alert className="fr-mb-2w" severity="error" small description={frenchError(create.error)} />
        )}
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Calcul en cours…' : 'Calculer l’attribution'}
        </Button>
      </form>
    </section>
  );
}

function PastRounds({ crecheId }: { crecheId: string }) {
  const rounds = useQuery({
    queryKey: ['creches', crecheId, 'allocation-rounds'],
    queryFn: async () =>
      await unwrap(api.GET('/api/creches/{id}/allocation-rounds', { params: { path: { id: crecheId } } })),
  });
  return (
    <section aria-labelledby="attributions-precedentes">
      <h2 id="attributions-precedentes" className="fr-mt-4w">
        Attributions précédentes
      </h2>
      {rounds.isPending ? (
        <p>Chargement…</p>
      ) : rounds.error ? (
        <Alert severity="error" small description={frenchError(rounds.error)} />
      ) : rounds.data.length === 0 ? (
        <p>Aucune attribution n’a encore été calculée pour cette crèche.</p>
      ) : (
        <Table
          caption="Attributions précédentes"
          noCaption
          headers={['Calculée le', 'Entrée', 'État', 'Demandes', 'Places proposées']}
          data={rounds.data.map((r) => [
            <Link key={r.id} href={webPaths.staffRound(r.id)}>
              {parisDateTimeFr(r.createdAt)}
            </Link>,
            civilDateFr(r.startDate),
            r.status === 'CONFIRMED'
              ? `Confirmée${r.confirmedAt ? ` le ${civilDateFr(r.confirmedAt.slice(0, 10))}` : ''}`
              : 'Brouillon',
            String(r.candidates),
            r.exclusions > 0
              ? `${r.placements} (${r.exclusions} écartée${r.exclusions > 1 ? 's' : ''})`
              : String(r.placements),
          ])}
        />
      )}
    </section>
  );
}
