import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { ResidenceReadModel } from '../../read-models/residence.read-model';
import { RoundOutcome, RoundOutcomeReadModel } from '../../read-models/round-outcome.read-model';
import { CrecheAccess } from '../creches/creche-access';
import { CrechesService } from '../creches/creches.service';
import type { CrecheEntity } from '../creches/entities/creche.entity';
import { ChildrenService } from '../families/children.service';
import { CrecheWaitEstimate, WaitEstimateService } from '../waitlist/wait-estimate.service';
import { WaitlistService } from '../waitlist/waitlist.service';
import { ageExemptionAwaitsVerification } from './application-rules';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import type { ApplicationEntity } from './entities/application.entity';

/** An application's standing at one of the crèches it lists, as its family (or the crèche's manager) reads it. */
export interface CrecheStanding {
  readonly crecheId: string;
  readonly crecheName: string;
  readonly preferencePosition: number;
  /** The weekly schedule asked of this crèche. */
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly rank: number | null;
  readonly outOf: number;
  /** Declared points: every criterion the family claims. */
  readonly score: number | null;
  /** Verified points: the claims a manager saw proved, and those needing no proof (what allocation counts). */
  readonly verifiedScore: number | null;
  /** One line per criterion with its points, and whether it is verified (or needs no proof). */
  readonly breakdown: readonly unknown[];
  /** Whether the household's commune is one of the crèche's territory's (the residence criterion holds). */
  readonly householdInTerritory: boolean;
  readonly lastAdmittedScore: number | null;
  /** Over this crèche's age limit unless the declared disability is verified: rounds leave the child out until then. */
  readonly ageExemptionAwaitsVerification: boolean;
  /** The estimated window for an offer there, with its basis (issue #17); null when none can be given. */
  readonly estimate: CrecheWaitEstimate | null;
  /** What the last confirmed round over this crèche did with the application: an offer, or why none. */
  readonly lastRound: RoundOutcome | null;
}

/**
 * What a family reads of its application (issue #17): per listed crèche the rank, the declared and verified scores
 * with their breakdown, whether residence counts, the last admitted score, whether the age exemption waits for proof,
 * and the estimated wait. Read-only: the application itself is owned by ApplicationsService.
 */
@Injectable()
export class ApplicationStandingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly repo: ApplicationsRepository,
    private readonly children: ChildrenService,
    private readonly creches: CrechesService,
    private readonly crecheAccess: CrecheAccess,
    private readonly waitlist: WaitlistService,
    private readonly estimates: WaitEstimateService,
    private readonly residence: ResidenceReadModel,
    private readonly rounds: RoundOutcomeReadModel,
  ) {}

  /** Status and, per listed crèche, the rank, the score with its breakdown and the score of the last family admitted. */
  async getWithRanks(
    user: AuthUser,
    id: string,
  ): Promise<{ application: ApplicationEntity; creches: CrecheStanding[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const { application, preferences: listed } = await this.applications.getVisible(user, id, em);
      // A manager reads the standing at the crèches they manage only, not the other crèches' list size or scores.
      const managed = await this.crecheAccess.managedCrecheIds(em, user);
      const preferences = managed ? listed.filter((p) => managed.includes(p.crecheId)) : listed;
      const today = this.waitlist.today();
      const listedCreches = new Map(
        (
          await this.creches.findByIds(
            em,
            preferences.map((p) => p.crecheId),
          )
        ).map((c) => [c.id, c]),
      );
      const inTerritory = await this.residence.inTerritoryOf(
        em,
        application.familyId,
        preferences.map((p) => p.crecheId),
      );
      const awaitsProof = await this.ageExemptionCheck(em, application);
      const creches = await Promise.all(
        preferences.map(async (p) => {
          const ranked = await this.waitlist.rank(em, p.crecheId, today);
          const mine = ranked.find((e) => e.applicationId === id);
          return {
            crecheId: p.crecheId,
            crecheName: listedCreches.get(p.crecheId)!.name,
            preferencePosition: p.rank,
            schedule: p.schedule,
            rank: mine?.rank ?? null,
            outOf: ranked.length,
            score: mine?.score ?? null,
            verifiedScore: mine?.verifiedScore ?? null,
            breakdown: mine?.breakdown ?? [],
            householdInTerritory: inTerritory.get(p.crecheId) ?? false,
            lastAdmittedScore: await this.repo.lastAdmittedScore(em, p.crecheId),
            ageExemptionAwaitsVerification: awaitsProof(listedCreches.get(p.crecheId)!),
            estimate: await this.estimates.estimateIn(em, {
              crecheId: p.crecheId,
              applicationId: id,
              ranked,
              asOf: today,
            }),
            lastRound: await this.rounds.lastOutcome(em, p.crecheId, id),
          };
        }),
      );
      return { application, creches };
    });
  }

  /** Per crèche: is the child over its age limit unless its declared disability is verified? (see application-rules) */
  private async ageExemptionCheck(
    em: EntityManager,
    application: ApplicationEntity,
  ): Promise<(creche: CrecheEntity) => boolean> {
    const child = await this.children.findInFamily(em, application.familyId, application.childId);
    if (!child) return () => false;
    const proved = await this.children.provedDisabilityInTx(em, application.familyId, application.childId);
    return (creche) =>
      ageExemptionAwaitsVerification({
        creche,
        birth: (child.birthDate ?? child.expectedBirthDate)!,
        start: application.desiredStartDate,
        declaredDisability: child.disability,
        provedDisability: proved,
      });
  }
}
