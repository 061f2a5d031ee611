/** One exported period of a contract's fee. */
export interface FeeExportRow {
  readonly contractId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly scaleEffectiveFrom: string;
  readonly scaleVerified: boolean;
  readonly tier: string;
  readonly boundedResources: string;
  readonly effortRatePercent: string;
  readonly hourlyRate: string;
  readonly monthlyHours: string;
  readonly monthlyFee: string;
  readonly reason: string;
  /** Exact monthly hours as a fraction ("1840/11"); empty for computations stored before #14. */
  readonly monthlyHoursExact: string;
  /** Alternating residence: the paying household of this share; empty otherwise. */
  readonly householdId: string;
  /** The crèche's name (issue #17). */
  readonly crecheName: string;
  /** The paying household's Caf number (matricule allocataire); empty when none is known. */
  readonly cafNumber: string;
}

/** Why a fee was computed, in French for the auditor's CSV (codes: fee_computations.reason). */
export const FEE_REASON_LABELS_FR: Record<string, string> = {
  CONTRACT_CREATED: 'signature du contrat',
  SCALE_CHANGED: 'nouveau barème Cnaf',
  INPUTS_CHANGED: 'changement de situation du foyer',
  RULE_CHANGED: 'changement de règle de calcul (mensualisation)',
};

const HEADER = [
  'contrat',
  'debut_periode',
  'fin_periode',
  'bareme_en_vigueur_depuis',
  'bareme_verifie',
  'tranche',
  'ressources_retenues',
  'taux_effort_pct',
  'tarif_horaire',
  'heures_mensuelles',
  'participation_mensuelle',
  'motif',
  'heures_mensuelles_exactes',
  'foyer_payeur',
  'creche',
  'matricule_allocataire',
  'libelle_motif',
];

/** French spreadsheet conventions: ";" separator, decimal comma, CRLF, UTF-8 with a BOM. */
export function toFrenchCsv(rows: readonly FeeExportRow[]): string {
  const comma = (d: string) => d.replace('.', ',');
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r) =>
    [
      r.contractId,
      r.periodFrom,
      r.periodTo,
      r.scaleEffectiveFrom,
      r.scaleVerified ? 'oui' : 'non',
      r.tier,
      comma(r.boundedResources),
      comma(r.effortRatePercent),
      comma(r.hourlyRate),
      comma(r.monthlyHours),
      comma(r.monthlyFee),
      r.reason,
      r.monthlyHoursExact,
      r.householdId,
      r.crecheName,
      r.cafNumber,
      FEE_REASON_LABELS_FR[r.reason] ?? r.reason,
    ]
      .map(cell)
      .join(';'),
  );
  return `\uFEFF${[HEADER.join(';'), ...lines].join('\r\n')}\r\n`;
}
