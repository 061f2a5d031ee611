import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events';
import { AuditService } from '../audit/audit.service';
import { eraseHouseholdFromRound, exclusionsWithoutNotesOf } from './domain/erase-household';
import { RoundsRepository } from './rounds.repository';
import { snapshotHash } from './snapshot.builder';

/**
 * Rounds are never deleted once confirmed, and each keeps its applicants' birth day and criteria in its snapshot: when a
 * household is erased (GDPR), allocation, which owns `allocation_rounds`, reduces that household's entries in every
 * round, draft or confirmed, in the erasure's transaction (docs/rules.md#r811b-allocation-rounds-under-the-gdpr-erasure).
 */
@Injectable()
export class RoundsErasureHandler {
  constructor(events: DomainEvents, rounds: RoundsRepository, audit: AuditService) {
    events.on('family.erased', async (em, { familyId }) => {
      for (const round of await rounds.withFamilyForUpdate(em, familyId)) {
        const ofHousehold = new Set(
          round.snapshot.applicants.filter((a) => a.familyId === familyId).map((a) => a.applicationId),
        );
        const exclusions = exclusionsWithoutNotesOf(round.exclusions, ofHousehold);
        if (exclusions) await rounds.setExclusions(em, round.id, exclusions);
        const erased = eraseHouseholdFromRound(round, familyId);
        if (!erased) continue;
        // The hash follows the reduced snapshot, so that a replay still tells a tampered snapshot from an erased one;
        // the audit log keeps the chain from the hash recorded when the round ran to this one. A snapshot that no
        // longer matched its hash (changed outside Berceau) keeps failing: its recorded hash is kept, never laundered.
        const intact = snapshotHash(round.snapshot) === round.snapshotHash;
        const hash = intact ? snapshotHash(erased.snapshot) : round.snapshotHash;
        await rounds.replaceRecord(em, round.id, { ...erased, snapshotHash: hash });
        await audit.record(em, {
          actor: null,
          action: 'allocation_round.household_erased',
          subjectType: 'allocation_round',
          subjectId: round.id,
          details: { previousSnapshotHash: round.snapshotHash, snapshotHash: hash, ...(!intact && { tampered: true }) },
        });
      }
    });
  }
}
