import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { loginHref } from '../../components/SignInRequired';
import { Link } from '../../router';
import { useSignedIn } from '../../session';

/**
 * The link of the invitation e-mail (issue #15, page 3). Signed out, it says what to do, with or without an account;
 * signed in, the parent accepts once their address is proved.
 */
export function InvitationPage({ id }: { id: string }) {
  const signedIn = useSignedIn();
  const here = webPaths.invitation(id);
  if (!signedIn)
    return (
      <>
        <h1>Invitation à rejoindre un foyer</h1>
        <p>Un parent vous invite à rejoindre son foyer sur Berceau, pour suivre ensemble les demandes de place.</p>
        <p>Vous avez déjà un compte avec l’adresse qui a reçu l’invitation ? Connectez-vous pour l’accepter.</p>
        <Button linkProps={{ href: loginHref(here) }} className="fr-mb-3w">
          Me connecter
        </Button>
        <p>
          Pas encore de compte ? Créez-le avec l’adresse e-mail qui a reçu l’invitation, confirmez-la avec le lien que
          vous recevrez, puis revenez sur ce lien pour accepter.
        </p>
        <Button priority="secondary" linkProps={{ href: `${webPaths.signUp}?next=${encodeURIComponent(here)}` }}>
          Créer mon compte
        </Button>
      </>
    );
  return <AcceptInvitation id={id} />;
}

function AcceptInvitation({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: ['my-invitations'], queryFn: () => unwrap(api.GET('/api/me/invitations')) });
  const resend = useMutation({ mutationFn: () => unwrap(api.POST('/api/me/verify-email')) });
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST('/api/family-invitations/{id}/accept', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const invitation = mine.data?.find((i) => i.id === id);
  const unverified = isApiError(accept.error) && accept.error.code === 'AUTH.EMAIL_NOT_VERIFIED';
  return (
    <>
      <h1>Invitation à rejoindre un foyer</h1>
      {mine.isPending && <p>Chargement…</p>}
      {mine.isError && <Alert severity="error" small description={frenchError(mine.error)} />}
      <div aria-live="polite">
        {accept.isSuccess && (
          <>
            <Alert severity="success" small description="Vous avez rejoint le foyer." className="fr-mb-2w" />
            <Link href={webPaths.household}>Voir mon foyer</Link>
          </>
        )}
        {accept.isError && !unverified && (
          <Alert severity="error" small description={frenchError(accept.error)} className="fr-mb-2w" />
        )}
        {unverified && (
          <div className="fr-mb-2w">
            <Alert
              severity="warning"
              small
              className="fr-mb-2w"
              description="Confirmez d’abord votre adresse e-mail avec le lien reçu à la création de votre compte, puis revenez sur cette page."
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
      </div>
      {mine.data && !invitation && !accept.isSuccess && (
        <p>
          Cette invitation est introuvable pour votre compte : elle a déjà été acceptée, ou elle a été envoyée à une
          autre adresse e-mail que la vôtre.
        </p>
      )}
      {invitation && !accept.isSuccess && (
        <>
          <p>
            {`${invitation.invitedByFirstName ?? 'Un parent'} vous invite à rejoindre son foyer : vous suivrez ensemble les demandes de place, les offres et les messages.`}
          </p>
          <Button onClick={() => accept.mutate()} disabled={accept.isPending}>
            Accepter l’invitation
          </Button>
        </>
      )}
    </>
  );
}
