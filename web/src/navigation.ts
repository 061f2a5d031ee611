import { webPaths } from '../../src/common/web/web-paths';
import type { Role } from './me';

/** One entry of the header's menu: its text, where it leads, and the paths (with their sub-paths) it stands for. */
export interface NavItem {
  readonly text: string;
  readonly href: string;
  readonly activeFor: readonly string[];
}

const item = (text: string, href: string, ...more: string[]): NavItem => ({ text, href, activeFor: [href, ...more] });
/** "/creche/attribution/:id" stands under "/creche/attribution": the prefix of a path-building function. */
const under = (build: (id: string) => string) => build('').replace(/\/$/, '');

const SIMULATOR = item('Simuler ma participation', webPaths.simulator);

const FAMILY: readonly NavItem[] = [
  item('Mon foyer', webPaths.household, '/invitations'),
  item('Demander une place', webPaths.newApplication),
  item('Mes demandes', webPaths.applications, under(webPaths.offer)),
  item('Mes factures', webPaths.invoices),
  item('Mes messages', webPaths.messages),
  item('Mes données', webPaths.myData),
];

/** A crèche's pages, for its managers (and admins). */
const CRECHE: readonly NavItem[] = [
  item("Aujourd'hui", webPaths.staffToday),
  item("Liste d'attente", webPaths.staffWaitlist),
  item('Occupation', webPaths.staffOccupancy),
  item('Attribution', webPaths.staffRounds, under(webPaths.staffRound)),
  item('Contrats', webPaths.staffContracts, under(webPaths.staffContract)),
  item('Facturation', webPaths.staffBilling),
  item('Crèche', webPaths.staffSettings),
  // Managers are told there when a family answers an offer.
  item('Mes messages', webPaths.messages),
];

/** What a Caf auditor checks. */
const AUDIT: readonly NavItem[] = [
  item('Calculs de participation', webPaths.auditComputations, under(webPaths.auditComputation)),
  item('Vérification', webPaths.auditRecheck),
  item('Rapports Caf', webPaths.auditReports),
  item('Journal', webPaths.auditEvents),
];

const TERRITORY: readonly NavItem[] = [item('Territoire', webPaths.territoryDashboard)];

/** A crèche's auxiliaries and educators: the day's pointage. */
const CLOCKING: readonly NavItem[] = [item("Aujourd'hui", webPaths.staffToday)];

/**
 * The header's menu by role: the simulator for everyone, a family's own pages, a crèche's pages for its managers, the
 * checks for Caf auditors, the dashboard for the territory's coordinators; an admin reaches all the staff's pages.
 * While the account's role is not known yet, no personal entry rather than the wrong ones.
 */
export function navigationFor(signedIn: boolean, role: Role | undefined): readonly NavItem[] {
  if (!signedIn || role === undefined) return [SIMULATOR];
  switch (role) {
    case 'PARENT':
      return [...FAMILY, SIMULATOR];
    case 'MANAGER':
      return [...CRECHE, SIMULATOR];
    case 'CAF_AUDITOR':
      return [...AUDIT, SIMULATOR];
    case 'TERRITORY_COORDINATOR':
      return [...TERRITORY, SIMULATOR];
    case 'CRECHE_STAFF':
      return [...CLOCKING, SIMULATOR];
    case 'ADMIN':
      return [...CRECHE, ...AUDIT, ...TERRITORY];
  }
}

/** Where an account lands after signing in with no page to return to. */
export function landingFor(role: Role | undefined): string {
  switch (role) {
    case 'MANAGER':
    case 'ADMIN':
    case 'CRECHE_STAFF':
      return webPaths.staffToday;
    case 'CAF_AUDITOR':
      return webPaths.auditComputations;
    case 'TERRITORY_COORDINATOR':
      return webPaths.territoryDashboard;
    default:
      return webPaths.account;
  }
}

/** The menu item of the page shown: the one whose path is the longest prefix of it (/demandes/nouvelle is not "Mes demandes"). */
export function activeItem(items: readonly NavItem[], pathname: string): number {
  let best = -1;
  let bestLength = 0;
  items.forEach(({ activeFor }, i) => {
    for (const p of activeFor) {
      if ((pathname === p || pathname.startsWith(`${p}/`)) && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}
