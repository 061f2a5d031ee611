import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { unwrap } from '../../api/call';
import { api, fieldErrorsOf, isApiError, type ApiError } from '../../api/client';
import { frenchError } from '../../api/errors-fr';
import { Link, useLocation } from '../../router';
import { PASSWORD_HINT, passwordErrorFr } from './password-field';

/** Nouveau mot de passe: the page of the reset e-mail's link (`?token=`). */
export function ResetPasswordPage() {
  const { search } = useLocation();
  const token = new URLSearchParams(search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const reset = useMutation<unknown, ApiError, string>({
    mutationFn: (p) => unwrap(api.POST('/api/auth/password-reset', { body: { token, password: p } })),
    onSettled: () => requestAnimationFrame(() => alertRef.current?.focus()),
  });
  const invalidLink =
    token.length < 20 ||
    (isApiError(reset.error) &&
      (reset.error.code === 'AUTH.VERIFICATION_INVALID' ||
        (reset.error.code === 'VALIDATION.FAILED' && fieldErrorsOf(reset.error).some((d) => d.field === 'token'))));
  const passwordError = passwordErrorFr(reset.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirmation) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate(password);
  };

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Nouveau mot de passe</h1>
        <div ref={alertRef} tabIndex={-1} aria-live="polite">
          {reset.isSuccess && (
            <>
              <Alert
                severity="success"
                title="Mot de passe changé"
                description="Votre nouveau mot de passe est enregistré. Par sécurité, toutes vos sessions ont été fermées : connectez-vous avec ce nouveau mot de passe."
                className="fr-mb-3w"
              />
              <Button linkProps={{ href: webPaths.login }}>Me connecter</Button>
            </>
          )}
          {invalidLink && (
            <>
              <Alert
                severity="error"
                title="Ce lien n’est plus valable"
                description="Le lien est incomplet, a déjà servi ou a expiré (il est valable une heure). Demandez-en un nouveau."
                className="fr-mb-3w"
              />
              <Button linkProps={{ href: webPaths.forgottenPassword }}>Demander un nouveau lien</Button>
            </>
          )}
          {reset.isError && !invalidLink && !passwordError && (
            <Alert severity="error" small description={frenchError(reset.error)} className="fr-mb-3w" />
          )}
        </div>
        {!reset.isSuccess && !invalidLink && (
          <form onSubmit={submit} noValidate>
            <Input
              label="Nouveau mot de passe"
              hintText={PASSWORD_HINT}
              {...(passwordError ? { state: 'error' as const, stateRelatedMessage: passwordError } : {})}
              nativeInputProps={{
                type: 'password',
                name: 'password',
                autoComplete: 'new-password',
                value: password,
                onChange: (e) => setPassword(e.target.value),
              }}
            />
            <Input
              label="Confirmez le nouveau mot de passe"
              {...(mismatch
                ? { state: 'error' as const, stateRelatedMessage: 'Les deux mots de passe ne sont pas identiques.' }
                : {})}
              nativeInputProps={{
                type: 'password',
                name: 'confirmation',
                autoComplete: 'new-password',
                value: confirmation,
                onChange: (e) => setConfirmation(e.target.value),
              }}
            />
            <Button type="submit" disabled={reset.isPending}>
              {reset.isPending ? 'Enregistrement…' : 'Enregistrer le mot de passe'}
            </Button>
          </form>
        )}
        {!reset.isSuccess && (
          <p className="fr-mt-4w">
            <Link href={webPaths.login}>Retour à la connexion</Link>
          </p>
        )}
      </div>
    </div>
  );
}
