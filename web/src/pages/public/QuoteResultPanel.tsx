import { useId } from 'react';
import { euros, explainQuote, hours, type QuoteResult } from './quote-steps';

/**
 * The quote's three figures, then every step of the computation in plain French. `title`: what the figures are (an
 * estimate by default); `contract`: the fee a contract bills, which says nothing of being an estimate.
 */
export function QuoteResultPanel({
  result,
  title = 'Votre participation estimée',
  contract = false,
}: {
  result: QuoteResult;
  title?: string;
  contract?: boolean;
}) {
  const steps = explainQuote(result);
  // The offer page shows two panels once accepted (the estimate, the contract's fee): each its own title's id.
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="fr-p-3w fr-background-alt--blue-france">
      <h2 id={titleId}>{title}</h2>
      <dl className="berceau-figures">
        <div>
          <dt>Participation mensuelle</dt>
          <dd className="fr-h3 fr-mb-1w" data-testid="monthly-fee">
            {euros(result.monthlyFee)}
          </dd>
        </div>
        <div>
          <dt>Tarif horaire</dt>
          <dd data-testid="hourly-rate">{euros(result.hourlyRate)}</dd>
        </div>
        <div>
          <dt>Heures facturées par mois</dt>
          <dd data-testid="monthly-hours">{hours(result.monthlyHours)}</dd>
        </div>
      </dl>
      <h3 className="fr-h5">Le calcul, étape par étape</h3>
      <ol>
        {steps.map((s, i) => (
          <li key={i}>
            <strong>{s.title} : </strong>
            {s.text}
          </li>
        ))}
      </ol>
      {!contract && (
        <p className="fr-text--sm fr-mb-0">
          Estimation donnée à titre indicatif : la participation due est fixée par le contrat d’accueil signé avec la
          crèche, sur la base des ressources connues de la Caf.
        </p>
      )}
    </section>
  );
}
