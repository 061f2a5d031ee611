/**
 * Every notice type Berceau sends, in one union. Each has exactly one renderer, registered by the module that owns
 * its facts; the boot stops if one is missing (`NoticeRenderers.assertComplete`).
 */
export const NOTICE_TYPES = [
  'WELCOME',
  'ACCOUNT_EXISTS',
  'EMAIL_VERIFICATION',
  'PASSWORD_RESET',
  'FAMILY_INVITATION',
  'APPLICATION_RECEIVED',
  'INTEREST_REQUEST',
  'APPLICATION_LAPSED',
  'OFFER_MADE',
  'OFFER_REMINDER',
  'OFFER_EXPIRED',
  'OFFER_ACCEPTED',
  'OFFER_DECLINED',
  'OFFER_WITHDRAWN',
  'OFFER_ANSWERED',
  'FEE_DECLARATION_VALIDATED',
  'FEE_DECLARATION_REJECTED',
  'FEE_DECLARATION_WITHDRAWN',
  'RESOURCES_CONFIRMATION',
  'INVOICE_ISSUED',
  'CREDIT_NOTE_ISSUED',
  'PAYMENT_REMINDER',
  'CHILDCARE_CERTIFICATE_AVAILABLE',
  'CHILDCARE_CERTIFICATE_CORRECTED',
  'STAFF_INVITATION',
  'MONTH_NOT_ISSUED',
] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export const WELCOME_NOTICE = 'WELCOME' satisfies NoticeType;
export const ACCOUNT_EXISTS_NOTICE = 'ACCOUNT_EXISTS' satisfies NoticeType;
export const EMAIL_VERIFICATION_NOTICE = 'EMAIL_VERIFICATION' satisfies NoticeType;
/** The link of a forgotten password: the token is made when the e-mail is written, and stored hashed. */
export const PASSWORD_RESET_NOTICE = 'PASSWORD_RESET' satisfies NoticeType;
export const FAMILY_INVITATION_NOTICE = 'FAMILY_INVITATION' satisfies NoticeType;
export const APPLICATION_RECEIVED_NOTICE = 'APPLICATION_RECEIVED' satisfies NoticeType;
export const INTEREST_REQUEST_NOTICE = 'INTEREST_REQUEST' satisfies NoticeType;
export const APPLICATION_LAPSED_NOTICE = 'APPLICATION_LAPSED' satisfies NoticeType;
export const OFFER_MADE_NOTICE = 'OFFER_MADE' satisfies NoticeType;
export const OFFER_REMINDER_NOTICE = 'OFFER_REMINDER' satisfies NoticeType;
export const OFFER_EXPIRED_NOTICE = 'OFFER_EXPIRED' satisfies NoticeType;
export const OFFER_ACCEPTED_NOTICE = 'OFFER_ACCEPTED' satisfies NoticeType;
export const OFFER_DECLINED_NOTICE = 'OFFER_DECLINED' satisfies NoticeType;
export const OFFER_WITHDRAWN_NOTICE = 'OFFER_WITHDRAWN' satisfies NoticeType;
/** To each of the crèche's managers: a family accepted or declined the crèche's offer (issue #19). */
export const OFFER_ANSWERED_NOTICE = 'OFFER_ANSWERED' satisfies NoticeType;
export const FEE_DECLARATION_VALIDATED_NOTICE = 'FEE_DECLARATION_VALIDATED' satisfies NoticeType;
export const FEE_DECLARATION_REJECTED_NOTICE = 'FEE_DECLARATION_REJECTED' satisfies NoticeType;
/** To the household's other parent: a declaration sent for the household was taken back before any review. */
export const FEE_DECLARATION_WITHDRAWN_NOTICE = 'FEE_DECLARATION_WITHDRAWN' satisfies NoticeType;
/** Each January: households with a running contract are asked to confirm their resources for the new year. */
export const RESOURCES_CONFIRMATION_NOTICE = 'RESOURCES_CONFIRMATION' satisfies NoticeType;
/** A household's monthly invoice is issued (issue #16). */
export const INVOICE_ISSUED_NOTICE = 'INVOICE_ISSUED' satisfies NoticeType;
/** A credit note corrects one of the household's invoices: what it owes changed, and why. */
export const CREDIT_NOTE_ISSUED_NOTICE = 'CREDIT_NOTE_ISSUED' satisfies NoticeType;
/** A crèche's manager reminds the household of invoices left unpaid after their due date (R8.15). */
export const PAYMENT_REMINDER_NOTICE = 'PAYMENT_REMINDER' satisfies NoticeType;
/** Each January: the household's certificate of childcare costs paid last year can be downloaded (issue #16). */
export const CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE = 'CHILDCARE_CERTIFICATE_AVAILABLE' satisfies NoticeType;
/**
 * A payment of a year that is over was cancelled (a bounced cheque), or recorded once the household had been told its
 * certificate was available (`change: 'RECORDED'`): that year's certificate now says another total than one made
 * before (R8.10).
 */
export const CHILDCARE_CERTIFICATE_CORRECTED_NOTICE = 'CHILDCARE_CERTIFICATE_CORRECTED' satisfies NoticeType;
/** A crèche's manager made a staff account for the recipient: its link sets the password and proves the address. */
export const STAFF_INVITATION_NOTICE = 'STAFF_INVITATION' satisfies NoticeType;
/**
 * To each of the crèche's managers: the morning job could not issue the crèche's previous month, even after its
 * retries (R8.18), with why (an arrival without departure, fees being recomputed, a technical failure).
 */
export const MONTH_NOT_ISSUED_NOTICE = 'MONTH_NOT_ISSUED' satisfies NoticeType;
