/**
 * Why a child was absent (issue #16). Only some reasons are deducted from the invoice
 * (docs/rules.md#r81-deductions-for-absences): a certified illness after three calendar days, hospitalisation,
 * exclusion by the crèche's doctor and an exceptional closure of the crèche from the first day. Nothing else.
 */
export const ABSENCE_REASONS = [
  'ILLNESS',
  'HOSPITALISATION',
  'DOCTOR_EXCLUSION',
  'EXCEPTIONAL_CLOSURE',
  'UNEXCUSED',
] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

/** French labels, for invoices and the manager's day view. */
export const ABSENCE_REASON_LABELS_FR: Readonly<Record<AbsenceReason, string>> = {
  ILLNESS: 'maladie',
  HOSPITALISATION: 'hospitalisation',
  DOCTOR_EXCLUSION: 'éviction par le médecin de la crèche',
  EXCEPTIONAL_CLOSURE: 'fermeture exceptionnelle de la crèche',
  UNEXCUSED: 'absence non justifiée',
};
