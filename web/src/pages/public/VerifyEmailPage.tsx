import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, isApiError, type ApiError } from '../../api/client';
import { useLocation } from '../../router';

/** Tokens already posted by this page: React's development double effects must not post one twice. */
const posted = new Set<string>();

/** The page the welcome e-mail's link opens: it hands the token to the API and says the result in plain words. */
export function VerifyEmailPage() {
  const { search } = useLocation();
  const token = new URLSearchParams(search).get('token') ?? '';
  const verify = useMutation<true, ApiError | Error, string>({
    mutationFn: async (t) => {
      const { data, error } = await api.POST('/api/auth/verify-email', { body: { token: t } });
      if (error !== undefined || !data) throw isApiError(error) ? error : new Error('réponse inattendue');
      return true;
    },
  });
  const { mutate } = verify;
  useEffect(() => {
    if (token.length >= 20 && !posted.has(token)) {
      posted.add(token);
      mutate(token);
    }
  }, [token, mutate]);

  const invalid =
    token.length < 20 ||
    (isApiError(verify.error) && ['AUTH.VERIFICATION_INVALID', 'VALIDATION.FAILED'].includes(verify.error.code));
  return (
    <>
      <h1>Confirmation de votre adresse e-mail</h1>
      <div aria-live="polite">
        {verify.isSuccess && (
          <>
            <Alert
              severity="success"
              title="Adresse confirmée"
              description="Merci : votre adresse e-mail est confirmée. Vous pouvez maintenant déposer une demande de place ou rejoindre le foyer qui vous a invité."
              className="fr-mb-3w"
            />
            <Button linkProps={{ href: webPaths.login }}>Me connecter</Button>
          </>
        )}
        {!verify.isSuccess && invalid && (
          <>
            <Alert
              severity="error"
              title="Ce lien n’est plus valable"
              description="Le lien de confirmation est incomplet ou a expiré (il est valable 72 heures). Connectez-vous : depuis votre espace, vous pourrez en demander un nouveau."
              className="fr-mb-3w"
            />
            <Button linkProps={{ href: webPaths.login }}>Me connecter</Button>
          </>
        )}
        {verify.isError && !invalid && (
          <Alert
            severity="error"
            title="La confirmation n’a pas pu être faite"
            description="Le service ne répond pas pour le moment. Réessayez en rouvrant le lien dans quelques instants."
          />
        )}
        {(verify.isPending || verify.isIdle) && !invalid && <p>Confirmation en cours…</p>}
      </div>
    </>
  );
}
