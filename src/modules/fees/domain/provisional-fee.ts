/**
 * A fee computed before the crèche checked the household's figures on proof (docs/rules.md R4.7): its resources billed
 * at the floor, its children at the one-child rate, until a declaration is validated, then recomputed from the next
 * month: higher when the resources were above the floor, lower when the household has several children. Read from the fee's trace, so the offer's page, its e-mails and the contract's page say so next
 * to the amount, not only in a step of its detail. Plain: the web app imports it.
 */
export interface ProvisionalFee {
  readonly resources: boolean;
  readonly children: boolean;
}

interface Step {
  readonly step?: unknown;
  readonly inputs?: { readonly resourcesUnchecked?: unknown; readonly childrenUnchecked?: unknown } | null;
}

/** What was not checked yet in a fee's trace; null when everything it used was (or nothing was declared). */
export function provisionalFeeOf(trace: readonly unknown[] | null | undefined): ProvisionalFee | null {
  const steps = (trace ?? []) as readonly Step[];
  const resources = steps.some((s) => s?.step === 'BOUND_RESOURCES' && s.inputs?.resourcesUnchecked === true);
  const children = steps.some((s) => s?.step === 'TIER' && s.inputs?.childrenUnchecked === true);
  return resources || children ? { resources, children } : null;
}

/** The sentence said next to a provisional amount, in French. */
export function provisionalFeeNoteFr(p: ProvisionalFee): string {
  const what =
    p.resources && p.children
      ? 'vos ressources et vos enfants à charge'
      : p.resources
        ? 'vos ressources'
        : 'vos enfants à charge';
  const how =
    p.resources && p.children
      ? 'au plancher du barème et au taux d’une famille d’un enfant'
      : p.resources
        ? 'au plancher du barème'
        : 'au taux d’une famille d’un enfant';
  // Which way it moves: resources at the floor can only rise once checked, children counted as one only fall.
  const fewer = 'plus basse si vous avez plusieurs enfants à charge ou un enfant bénéficiaire de l’AEEH';
  const then =
    p.resources && p.children
      ? `plus élevée si vos ressources dépassent le plancher, ${fewer}`
      : p.resources
        ? 'plus élevée si vos ressources dépassent le plancher'
        : fewer;
  return (
    `Montant provisoire : la crèche n’a pas encore vérifié ${what} sur justificatif, la participation est donc calculée ${how}. ` +
    `Elle sera recalculée à partir du mois qui suit la vérification, sur vos chiffres : ${then}. ` +
    'Envoyez vos justificatifs sur la page « Mes déclarations » (depuis « Mon foyer ») ; ' +
    'le simulateur de participation l’estime sur les chiffres que vous avez déclarés.'
  );
}
