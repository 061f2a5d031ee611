import type { Placement } from './snapshot';

/**
 * One open offer per family at a time (docs/rules.md#r65-one-open-offer-per-family): among a round's proposals, a
 * family keeps its best-scored one (ties: smaller application id); its other child stays on the waitlist. Families
 * that already hold an open offer are not candidates of a round (the snapshot leaves them out), and the database
 * refuses a second open offer (partial unique index), so the rule holds whatever the path.
 */
export function keepOneProposalPerFamily(placements: readonly Placement[]): Placement[] {
  const offered = new Set<string>();
  const kept: Placement[] = [];
  for (const p of [...placements].sort((a, b) => b.score - a.score || (a.applicationId < b.applicationId ? -1 : 1))) {
    if (offered.has(p.familyId)) continue;
    offered.add(p.familyId);
    kept.push(p);
  }
  return kept;
}
