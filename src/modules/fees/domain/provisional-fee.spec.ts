import { provisionalFeeNoteFr, provisionalFeeOf } from './provisional-fee';

const tier = (childrenUnchecked?: boolean) => ({ step: 'TIER', inputs: { dependentChildren: 2, childrenUnchecked } });
const bound = (resourcesUnchecked: boolean) => ({ step: 'BOUND_RESOURCES', inputs: { resourcesUnchecked } });

describe('a fee computed on figures not checked yet', () => {
  it('reads from the trace what was not checked', () => {
    expect(provisionalFeeOf([tier(), bound(false)])).toBeNull();
    expect(provisionalFeeOf(null)).toBeNull();
    expect(provisionalFeeOf([tier(true), bound(false)])).toEqual({ resources: false, children: true });
    expect(provisionalFeeOf([tier(), bound(true)])).toEqual({ resources: true, children: false });
    expect(provisionalFeeOf([null, 'x', tier(true), bound(true)])).toEqual({ resources: true, children: true });
  });

  it('says it in French, naming what waits for its proof', () => {
    expect(provisionalFeeNoteFr({ resources: true, children: true })).toContain(
      'n’a pas encore vérifié vos ressources et vos enfants à charge sur justificatif',
    );
    expect(provisionalFeeNoteFr({ resources: true, children: false })).toContain('calculée au plancher du barème.');
    expect(provisionalFeeNoteFr({ resources: false, children: true })).toMatch(/^Montant provisoire/);
    // Which way it moves once checked: children counted as one only lower it (at the floor with two children, the
    // one-child rate bills 0.50 €/h where two bill 0.42 €/h).
    expect(provisionalFeeNoteFr({ resources: false, children: true })).toContain(
      'sur vos chiffres : plus basse si vous avez plusieurs enfants à charge ou un enfant bénéficiaire de l’AEEH.',
    );
    expect(provisionalFeeNoteFr({ resources: true, children: false })).toContain(
      'sur vos chiffres : plus élevée si vos ressources dépassent le plancher.',
    );
    expect(provisionalFeeNoteFr({ resources: true, children: true })).toContain('sur la page « Mes déclarations »');
  });
});
