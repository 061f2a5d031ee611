import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, fieldErrorsOf, isApiError, type ApiError } from '../../api/client';
import { Link, navigate } from '../../router';
import { fetchMe } from '../../me';
import { landingFor } from '../../navigation';
import { session } from '../../session';

type Field = 'email' | 'password';

/** French words for the API's refusals of a login. */
export function loginFailure(e: ApiError | Error | null): { message: string; fields: Map<Field, string> } | null {
  if (!e) return null;
  const fields = new Map<Field, string>();
  if (!isApiError(e))
    return { message: 'Le service ne répond pas pour le moment. Réessayez dans quelques instants.', fields };
  if (e.code === 'VALIDATION.FAILED') {
    for (const d of fieldErrorsOf(e)) {
      if (d.field === 'email') fields.set('email', 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.');
      if (d.field === 'password') fields.set('password', 'Ce champ est obligatoire.');
    }
    return { message: 'Corrigez les champs signalés.', fields };
  }
  if (e.statusCode === 401) return { message: 'Adresse e-mail ou mot de passe incorrect.', fields };
  if (e.statusCode === 429)
    return { message: 'Trop de tentatives : patientez quelques minutes avant de réessayer.', fields };
  return { message: 'La connexion n’a pas abouti. Réessayez dans quelques instants.', fields };
}

/** Where to go after signing in: the `next` page the parent came from (an e-mail's link), never another site. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : webPaths.account;
}

export function LoginPage() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const alertRef = useRef<HTMLDivElement>(null);
  const login = useMutation<string, ApiError | Error, { email: string; password: string }>({
    mutationFn: async (body) => {
      const { data, error } = await api.POST('/api/auth/login', { body });
      if (error !== undefined || !data) throw isApiError(error) ? error : new Error('réponse inattendue');
      return data.accessToken;
    },
    onSuccess: async (token) => {
      // The account of an earlier session on this tab is not this one.
      queryClient.removeQueries({ queryKey: ['me'] });
      session.signIn(token);
      if (new URLSearchParams(window.location.search).has('next')) return navigate(nextPath(window.location.search));
      // Without a page to return to, each lands on their own work: the crèche's day, the checks, the dashboard, the family space.
      const me = await queryClient.fetchQuery({ queryKey: ['me'], queryFn: fetchMe }).catch(() => null);
      navigate(landingFor(me?.role));
    },
    onError: () => requestAnimationFrame(() => alertRef.current?.focus()),
  });
  const failure = loginFailure(login.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password });
  };
  const state = (f: Field) =>
    failure?.fields.has(f) ? { state: 'error' as const, stateRelatedMessage: failure.fields.get(f) } : {};

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Me connecter</h1>
        <div ref={alertRef} tabIndex={-1} aria-live="polite">
          {failure && <Alert severity="error" small description={failure.message} className="fr-mb-3w" />}
        </div>
        <form onSubmit={submit} noValidate>
          <Input
            label="Adresse e-mail"
            hintText="Format attendu : nom@exemple.fr"
            {...state('email')}
            nativeInputProps={{
              type: 'email',
              name: 'email',
              autoComplete: 'username',
              value: email,
              onChange: (e) => setEmail(e.target.value),
            }}
          />
          <Input
            label="Mot de passe"
            {...state('password')}
            nativeInputProps={{
              type: 'password',
              name: 'password',
              autoComplete: 'current-password',
              value: password,
              onChange: (e) => setPassword(e.target.value),
            }}
          />
          <p className="fr-mb-3w">
            <Link href={webPaths.forgottenPassword}>Mot de passe oublié ?</Link>
          </p>
          <Button type="submit" disabled={login.isPending}>
            {login.isPending ? 'Connexion…' : 'Se connecter'}
          </Button>
        </form>
        <hr className="fr-mt-4w" />
        <h2 className="fr-h4">Vous n’avez pas de compte ?</h2>
        <Button priority="secondary" linkProps={{ href: webPaths.signUp }}>
          Créer un compte
        </Button>
      </div>
    </div>
  );
}
