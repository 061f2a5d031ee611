import { lazy, Suspense, type ReactElement } from 'react';
import { webPaths } from '../../src/common/web/web-paths';
import { RoleRequired } from './components/RoleRequired';
import { SignInRequired } from './components/SignInRequired';
import { AUDITOR_ROLES, CLOCKING_ROLES, COORDINATOR_ROLES, STAFF_ROLES, type Role } from './me';
import { AccountPage } from './pages/parent/AccountPage';
import { ApplicationPage } from './pages/parent/ApplicationPage';
import { ApplicationsPage } from './pages/parent/ApplicationsPage';
import { OfferPage } from './pages/parent/OfferPage';
import { ForgottenPasswordPage } from './pages/public/ForgottenPasswordPage';
import { NewApplicationPage } from './pages/parent/NewApplicationPage';
import { DeclarationsPage } from './pages/parent/DeclarationsPage';
import { HouseholdPage } from './pages/parent/HouseholdPage';
import { InvitationPage } from './pages/parent/InvitationPage';
import { InvoicesPage } from './pages/parent/InvoicesPage';
import { MessagesPage } from './pages/parent/MessagesPage';
import { MyDataPage } from './pages/parent/MyDataPage';
import { HomePage } from './pages/public/HomePage';
import { LoginPage } from './pages/public/LoginPage';
import { ResetPasswordPage } from './pages/public/ResetPasswordPage';
import { SignUpPage } from './pages/public/SignUpPage';
import { SimulatorPage } from './pages/public/SimulatorPage';
import { VerifyEmailPage } from './pages/public/VerifyEmailPage';

/**
 * The staff's, auditors' and coordinators' pages, loaded when first opened: a family's phone downloads only its own
 * pages (all of them in one file was 724 kB, 189 kB compressed, 6 s on a slow mobile network).
 */
const BillingPage = lazy(() => import('./pages/staff/billing/BillingPage').then((m) => ({ default: m.BillingPage })));
const OccupancyPage = lazy(() =>
  import('./pages/staff/occupancy/OccupancyPage').then((m) => ({ default: m.OccupancyPage })),
);
const SettingsPage = lazy(() =>
  import('./pages/staff/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const TodayPage = lazy(() => import('./pages/staff/TodayPage').then((m) => ({ default: m.TodayPage })));
const ComputationPage = lazy(() =>
  import('./pages/audit/ComputationPage').then((m) => ({ default: m.ComputationPage })),
);
const ComputationsPage = lazy(() =>
  import('./pages/audit/ComputationsPage').then((m) => ({ default: m.ComputationsPage })),
);
const EventsPage = lazy(() => import('./pages/audit/EventsPage').then((m) => ({ default: m.EventsPage })));
const RecheckPage = lazy(() => import('./pages/audit/RecheckPage').then((m) => ({ default: m.RecheckPage })));
const ReportsPage = lazy(() => import('./pages/audit/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const TerritoryDashboardPage = lazy(() =>
  import('./pages/territory/TerritoryDashboardPage').then((m) => ({ default: m.TerritoryDashboardPage })),
);
const WaitlistPage = lazy(() =>
  import('./pages/staff/waitlist/WaitlistPage').then((m) => ({ default: m.WaitlistPage })),
);
const ContractPage = lazy(() =>
  import('./pages/staff/contracts/ContractPage').then((m) => ({ default: m.ContractPage })),
);
const ContractsPage = lazy(() =>
  import('./pages/staff/contracts/ContractsPage').then((m) => ({ default: m.ContractsPage })),
);
const RoundPage = lazy(() => import('./pages/staff/rounds/RoundPage').then((m) => ({ default: m.RoundPage })));
const RoundsPage = lazy(() => import('./pages/staff/rounds/RoundsPage').then((m) => ({ default: m.RoundsPage })));

/**
 * The app's pages, one row each: a path (`:name` matches one segment, handed to `render`), the tab's title, whether
 * it needs a signed-in account, the roles it is for (others read that they have no access; implies `signedIn`), and
 * the page. Paths come from web-paths.ts, which the e-mails use too.
 */
export interface Route {
  readonly path: string;
  readonly title: string;
  readonly signedIn?: boolean;
  readonly roles?: readonly Role[];
  readonly render: (params: Readonly<Record<string, string>>) => ReactElement;
}

/** The pattern of a path-building function of webPaths: `webPaths.offer` → `/offres/:id`. */
const pattern = (build: (id: string) => string) => build(':id').split('?')[0];

export const routes: readonly Route[] = [
  { path: webPaths.home, title: 'Accueil', render: () => <HomePage /> },
  { path: webPaths.simulator, title: 'Simuler ma participation', render: () => <SimulatorPage /> },
  { path: webPaths.login, title: 'Me connecter', render: () => <LoginPage /> },
  { path: webPaths.signUp, title: 'Créer un compte', render: () => <SignUpPage /> },
  { path: webPaths.forgottenPassword, title: 'Mot de passe oublié', render: () => <ForgottenPasswordPage /> },
  { path: pattern(webPaths.resetPassword), title: 'Nouveau mot de passe', render: () => <ResetPasswordPage /> },
  {
    path: pattern(webPaths.verifyEmail),
    title: 'Confirmation de votre adresse e-mail',
    render: () => <VerifyEmailPage />,
  },
  { path: webPaths.account, title: 'Mon espace', render: () => <AccountPage /> },
  { path: webPaths.applications, title: 'Mes demandes', signedIn: true, render: () => <ApplicationsPage /> },
  {
    path: pattern(webPaths.application),
    title: 'Ma demande',
    signedIn: true,
    render: ({ id }) => <ApplicationPage key={id} id={id} />,
  },
  {
    path: pattern(webPaths.offer),
    title: 'Place proposée',
    signedIn: true,
    render: ({ id }) => <OfferPage key={id} id={id} />,
  },
  {
    path: webPaths.newApplication,
    title: 'Demander une place',
    signedIn: true,
    render: () => <NewApplicationPage />,
  },
  { path: webPaths.household, title: 'Mon foyer', signedIn: true, render: () => <HouseholdPage /> },
  { path: webPaths.declarations, title: 'Mes déclarations', signedIn: true, render: () => <DeclarationsPage /> },
  // Not behind the sign-in gate: signed out, the page says how to accept with or without an account.
  {
    path: pattern(webPaths.invitation),
    title: 'Invitation à rejoindre un foyer',
    render: ({ id }) => <InvitationPage id={id} />,
  },
  { path: webPaths.messages, title: 'Mes messages', signedIn: true, render: () => <MessagesPage /> },
  { path: webPaths.myData, title: 'Mes données', signedIn: true, render: () => <MyDataPage /> },
  { path: webPaths.invoices, title: 'Mes factures', signedIn: true, render: () => <InvoicesPage /> },
  // The crèche staff's pages (issue #19).
  { path: webPaths.staffToday, title: "Aujourd'hui", roles: CLOCKING_ROLES, render: () => <TodayPage /> },
  // The Caf auditors' pages (issue #19).
  {
    path: webPaths.auditComputations,
    title: 'Calculs de participation',
    roles: AUDITOR_ROLES,
    render: () => <ComputationsPage />,
  },
  {
    path: pattern(webPaths.auditComputation),
    title: 'Calcul de participation',
    roles: AUDITOR_ROLES,
    render: ({ id }) => <ComputationPage key={id} id={id} />,
  },
  { path: webPaths.auditRecheck, title: 'Vérification', roles: AUDITOR_ROLES, render: () => <RecheckPage /> },
  { path: webPaths.auditReports, title: 'Rapports Caf', roles: AUDITOR_ROLES, render: () => <ReportsPage /> },
  { path: webPaths.auditEvents, title: "Journal d'audit", roles: AUDITOR_ROLES, render: () => <EventsPage /> },
  // The territory coordinators' dashboard (issue #19).
  {
    path: webPaths.territoryDashboard,
    title: 'Tableau de bord du territoire',
    roles: COORDINATOR_ROLES,
    render: () => <TerritoryDashboardPage />,
  },
  { path: webPaths.staffBilling, title: 'Facturation', roles: STAFF_ROLES, render: () => <BillingPage /> },
  { path: webPaths.staffWaitlist, title: "Liste d'attente", roles: STAFF_ROLES, render: () => <WaitlistPage /> },
  { path: webPaths.staffRounds, title: 'Attribution des places', roles: STAFF_ROLES, render: () => <RoundsPage /> },
  {
    path: pattern(webPaths.staffRound),
    title: 'Attribution',
    roles: STAFF_ROLES,
    render: ({ id }) => <RoundPage key={id} id={id} />,
  },
  { path: webPaths.staffContracts, title: 'Contrats', roles: STAFF_ROLES, render: () => <ContractsPage /> },
  {
    path: pattern(webPaths.staffContract),
    title: 'Contrat',
    roles: STAFF_ROLES,
    render: ({ id }) => <ContractPage key={id} id={id} />,
  },
  { path: webPaths.staffOccupancy, title: 'Occupation', roles: STAFF_ROLES, render: () => <OccupancyPage /> },
  { path: webPaths.staffSettings, title: 'Crèche', roles: STAFF_ROLES, render: () => <SettingsPage /> },
];

// A literal path wins over a pattern it also fits (/demandes/nouvelle is not the application "nouvelle").
const byPrecedence = [...routes].sort((a, b) => Number(a.path.includes(':')) - Number(b.path.includes(':')));

export function matchRoute(pathname: string): { route: Route; params: Record<string, string> } | null {
  const segments = pathname.replace(/\/+$/, '').split('/');
  for (const route of byPrecedence) {
    const parts = route.path.replace(/\/+$/, '').split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(segments[i]);
        return segments[i] !== '';
      }
      return p === segments[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

export function renderRoute(match: ReturnType<typeof matchRoute>): ReactElement | null {
  if (!match) return null;
  const { route } = match;
  const page = <Suspense fallback={<p>Chargement de la page…</p>}>{route.render(match.params)}</Suspense>;
  if (route.roles)
    return (
      <SignInRequired title={route.title}>
        <RoleRequired title={route.title} roles={route.roles}>
          {page}
        </RoleRequired>
      </SignInRequired>
    );
  return route.signedIn ? <SignInRequired title={route.title}>{page}</SignInRequired> : page;
}
