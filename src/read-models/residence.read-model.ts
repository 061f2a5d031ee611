import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Whether a household lives in the territory of each of some crèches: its commune (`families`, families) among the
 * communes of the crèche's territory (`creches`, creches; `territories`, territories). The residence criterion of the
 * priority policy rests on this (waitlist/domain/score.ts); the parent's page says so when it does not hold, so a
 * postal code typed as the commune's INSEE code does not silently cost the residence points. Read-only.
 */
@Injectable()
export class ResidenceReadModel {
  /** Per crèche id: true when the household's commune is one of its territory's communes (false with no commune). */
  async inTerritoryOf(
    em: EntityManager,
    familyId: string,
    crecheIds: readonly string[],
  ): Promise<Map<string, boolean>> {
    if (crecheIds.length === 0) return new Map();
    const rows = await selectRows<{ crecheId: string; inTerritory: boolean }>(
      em,
      `SELECT c.id AS creche_id,
              EXISTS (SELECT 1 FROM jsonb_array_elements(t.communes) x
                       WHERE x->>'inseeCode' = f.commune_insee_code) AS in_territory
         FROM creches c
         JOIN territories t ON t.id = c.territory_id
         JOIN families f ON f.id = $1
        WHERE c.id = ANY($2::uuid[])`,
      [familyId, [...new Set(crecheIds)]],
    );
    return new Map(rows.map((r) => [r.crecheId, r.inTerritory]));
  }
}
