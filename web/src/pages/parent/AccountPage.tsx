import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useMutation, useQuery } from '@tanstack/react-query';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api } from '../../api/client';
import { Link, navigate } from '../../router';
import { session, useSessionState } from '../../session';

/** The signed-in account: who, whether the address is proved, and a new link when it is not. */
export function AccountPage() {
  const state = useSessionState();
  const signedIn = state === 'signedIn';
  const me = useQuery({
    queryKey: ['me'],
    enabled: signedIn,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/me');
      if (error !== undefined || !data) throw new Error('me');
      return data;
    },
  });
  const resend = useMutation({
    mutationFn: async () => {
      const { error } = await api.POST('/api/me/verify-email');
      if (error !== undefined) throw new Error('resend');
    },
  });

  if (state === 'restoring')
    return (
      <>
        <h1>Mon espace</h1>
        <p>Chargement…</p>
      </>
    );
  if (!signedIn)
    return (
      <>
        <h1>Mon espace</h1>
        <p>Connectez-vous pour accéder à votre espace.</p>
        <Button linkProps={{ href: webPaths.login }}>Me connecter</Button>
      </>
    );
  return (
    <>
      <h1>Mon espace</h1>
      {me.isPending && <p>Chargement…</p>}
      {me.isError && (
        <Alert severity="error" small description="Votre espace n’a pas pu être chargé. Reconnectez-vous." />
      )}
      {me.data && (
        <>
          <p className="fr-text--lead">{`Bonjour ${me.data.firstName} ${me.data.lastName}.`}</p>
          <p>{`Adresse e-mail : ${me.data.email}`}</p>
          {me.data.emailVerified ? (
            <Alert severity="success" small description="Adresse e-mail confirmée." className="fr-mb-3w" />
          ) : (
            <div aria-live="polite" className="fr-mb-3w">
              <Alert
                severity="warning"
                small
                description="Votre adresse e-mail n’est pas encore confirmée : suivez le lien reçu par e-mail pour pouvoir demander une place ou rejoindre un foyer."
                className="fr-mb-2w"
              />
              {resend.isSuccess ? (
                <p>Un nouveau lien vous a été envoyé : il est valable 72 heures.</p>
              ) : (
                <Button priority="secondary" onClick={() => resend.mutate()} disabled={resend.isPending}>
                  Recevoir un nouveau lien
                </Button>
              )}
            </div>
          )}
          {me.data.role === 'PARENT' && <NextSteps hasHousehold={me.data.familyId !== null} />}
        </>
      )}
      <Button
        priority="tertiary"
        iconId="fr-icon-logout-box-r-line"
        onClick={() => {
          void session.signOut().then(() => navigate(webPaths.home));
        }}
      >
        Me déconnecter
      </Button>
    </>
  );
}

/** Where a family goes from here: its household first, then a place, its requests, its invoices and messages. */
function NextSteps({ hasHousehold }: { hasHousehold: boolean }) {
  const steps: { href: string; label: string; hint: string }[] = [
    {
      href: webPaths.household,
      label: hasHousehold ? 'Mon foyer' : 'Déclarer mon foyer',
      hint: hasHousehold
        ? 'les parents, les enfants, la situation et les ressources du foyer'
        : 'les parents, les enfants et la situation : c’est la première étape pour demander une place',
    },
    {
      href: webPaths.newApplication,
      label: 'Demander une place',
      hint: 'l’enfant, la date d’entrée, la semaine et jusqu’à cinq crèches',
    },
    { href: webPaths.applications, label: 'Mes demandes', hint: 'le rang, les points et l’attente estimée' },
    {
      href: webPaths.invoices,
      label: 'Mes factures',
      hint: 'ce que vous devez à chaque crèche, les factures et les attestations pour les impôts',
    },
    { href: webPaths.messages, label: 'Mes messages', hint: 'les e-mails qui vous ont été envoyés' },
    {
      href: webPaths.myData,
      label: 'Mes données',
      hint: 'télécharger les données de votre foyer, ou demander leur effacement',
    },
  ];
  return (
    <section aria-labelledby="prochaines-etapes" className="fr-mb-3w">
      <h2 id="prochaines-etapes" className="fr-h4">
        Vos démarches
      </h2>
      <ul>
        {steps.map((s) => (
          <li key={s.href}>
            <Link href={s.href}>{s.label}</Link>
            {` : ${s.hint}.`}
          </li>
        ))}
      </ul>
    </section>
  );
}
