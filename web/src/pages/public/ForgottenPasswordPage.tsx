import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { unwrap } from '../../api/call';
import { api, type ApiError } from '../../api/client';
import { fieldErrorsFr, fieldState, frenchError } from '../../api/errors-fr';
import { Link } from '../../router';

/** Mot de passe oublié: a link to choose a new one goes to the address, if it has an account (the page never says). */
export function ForgottenPasswordPage() {
  const [email, setEmail] = useState('');
  const alertRef = useRef<HTMLDivElement>(null);
  const request = useMutation<unknown, ApiError, string>({
    mutationFn: (address) => unwrap(api.POST('/api/auth/password-reset-request', { body: { email: address } })),
    onSettled: () => requestAnimationFrame(() => alertRef.current?.focus()),
  });
  const errors = fieldErrorsFr(request.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate(email.trim());
  };

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Mot de passe oublié</h1>
        <div ref={alertRef} tabIndex={-1} aria-live="polite">
          {request.isSuccess && (
            <Alert
              severity="success"
              title="Consultez votre boîte e-mail"
              description={`Si un compte existe pour ${email.trim()}, un e-mail vient d’y être envoyé avec un lien pour choisir un nouveau mot de passe. Le lien est valable une heure et ne sert qu’une fois.`}
              className="fr-mb-3w"
            />
          )}
          {request.isError && (
            <Alert severity="error" small description={frenchError(request.error)} className="fr-mb-3w" />
          )}
        </div>
        {!request.isSuccess && (
          <form onSubmit={submit} noValidate>
            <p>
              Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de
              passe.
            </p>
            <Input
              label="Adresse e-mail"
              hintText="Format attendu : nom@exemple.fr"
              {...fieldState(errors, 'email')}
              nativeInputProps={{
                type: 'email',
                name: 'email',
                autoComplete: 'email',
                value: email,
                onChange: (e) => setEmail(e.target.value),
              }}
            />
            <Button type="submit" disabled={request.isPending}>
              {request.isPending ? 'Envoi…' : 'Recevoir un lien'}
            </Button>
          </form>
        )}
        <p className="fr-mt-4w">
          <Link href={webPaths.login}>Retour à la connexion</Link>
        </p>
      </div>
    </div>
  );
}
