/**
 * The pages of the web app (`web/`) that Berceau's e-mails link to, after PUBLIC_BASE_URL. The app's router declares
 * the same paths (web/src/routes.ts imports this file), so a link in an e-mail cannot point to a page that does not
 * exist. Plain functions: no framework import, usable from domain code and from the browser.
 */
export const webPaths = {
  home: '/',
  login: '/connexion',
  account: '/mon-espace',
  simulator: '/simuler',
  signUp: '/inscription',
  forgottenPassword: '/mot-de-passe-oublie',
  resetPassword: (token: string) => `/nouveau-mot-de-passe?token=${encodeURIComponent(token)}`,
  verifyEmail: (token: string) => `/verifier-email?token=${encodeURIComponent(token)}`,
  offer: (offerId: string) => `/offres/${offerId}`,
  applications: '/demandes',
  application: (applicationId: string) => `/demandes/${applicationId}`,
  newApplication: '/demandes/nouvelle',
  household: '/foyer',
  declarations: '/foyer/declarations',
  messages: '/messages',
  myData: '/mes-donnees',
  invoices: '/factures',
  invitation: (invitationId: string) => `/invitations/${invitationId}`,
  /** The crèche staff's pages (managers, admins). */
  staffToday: '/creche/aujourd-hui',
  staffWaitlist: '/creche/liste-d-attente',
  staffOccupancy: '/creche/occupation',
  staffRounds: '/creche/attribution',
  staffRound: (roundId: string) => `/creche/attribution/${roundId}`,
  staffContracts: '/creche/contrats',
  staffContract: (contractId: string) => `/creche/contrats/${contractId}`,
  staffBilling: '/creche/facturation',
  staffSettings: '/creche/parametres',
  /** The Caf auditors' pages. */
  auditComputations: '/controle/calculs',
  auditComputation: (computationId: string) => `/controle/calculs/${computationId}`,
  auditRecheck: '/controle/verification',
  auditReports: '/controle/rapports',
  auditEvents: '/controle/journal',
  /** The territory coordinators' page (admins see it too). */
  territoryDashboard: '/territoire',
} as const;
