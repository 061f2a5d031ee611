import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { dateTimeFr, euros, explainTrace, frenchDate, reasonFr, tierFr } from './audit-format';
import { useAllCreches } from './audit-shared';
import './audit.css';

/**
 * One stored fee computation for a Caf auditor (issue #19): its figures, then its trace as readable steps in French
 * (the scale and its provenance, the tier and why, the floor or the ceiling, the roundings), each with the text it
 * applies.
 */
export function ComputationPage({ id }: { id: string }) {
  const computation = useQuery({
    queryKey: ['fee-computations', id],
    queryFn: () => unwrap(api.GET('/api/fee-computations/{id}', { params: { path: { id } } })),
  });
  const scaleId = computation.data?.scaleId;
  const scale = useQuery({
    queryKey: ['fee-scales', scaleId],
    enabled: !!scaleId,
    queryFn: () => unwrap(api.GET('/api/fee-scales/{id}', { params: { path: { id: scaleId! } } })),
  });
  const creches = useAllCreches();

  const back = (
    <p>
      <Link href={webPaths.auditComputations}>Retour aux calculs de participation</Link>
    </p>
  );
  if (computation.isPending)
    return (
      <>
        <h1>Calcul de participation</h1>
        <p>Chargement…</p>
      </>
    );
  if (computation.error)
    return (
      <>
        <h1>Calcul de participation</h1>
        <Alert severity="error" small description={frenchError(computation.error)} />
        {back}
      </>
    );
  const c = computation.data;
  const crecheName = creches.data?.find((x) => x.id === c.crecheId)?.name;
  const steps = explainTrace(c.trace, c, scale.data);
  const facts: [string, string][] = [
    ['Crèche', crecheName ?? '…'],
    ['Effectif à partir du', frenchDate(c.effectiveFrom)],
    ['Motif', reasonFr(c.reason)],
    ['Calculé le', dateTimeFr(c.createdAt)],
    ['Tranche', tierFr(c.tier)],
    ['Taux d’effort', `${Number(c.effortRatePercent).toLocaleString('fr-FR', { maximumFractionDigits: 4 })} %`],
    ['Ressources retenues', euros(c.boundedResources)],
    ['Tarif horaire', euros(c.hourlyRate)],
    ['Heures mensuelles', `${Number(c.monthlyHours).toLocaleString('fr-FR', { minimumFractionDigits: 2 })} h`],
    ['Participation mensuelle', euros(c.monthlyFee)],
  ];
  return (
    <>
      <h1>Calcul de participation</h1>
      {back}
      <section aria-labelledby="calcul-resume">
        <h2 id="calcul-resume">Résultat enregistré</h2>
        <dl className="audit-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="calcul-etapes" className="fr-mt-4w">
        <h2 id="calcul-etapes">Le calcul, étape par étape</h2>
        {scale.error && (
          <Alert severity="warning" small description="La provenance du barème n’a pas pu être chargée." />
        )}
        <ol>
          {steps.map((s, i) => (
            <li key={i} className="fr-mb-3w">
              <h3 className="fr-h6 fr-mb-1w">{s.title}</h3>
              <p className="fr-mb-1w">{s.text}</p>
              <p className="fr-text--sm fr-mb-0 audit-source">
                {s.sourceLabel} : {s.source}
              </p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
