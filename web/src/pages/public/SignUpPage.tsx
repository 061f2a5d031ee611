import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { unwrap } from '../../api/call';
import { api, type ApiError } from '../../api/client';
import { fieldErrorsFr, fieldState, frenchError, missingFieldsFr } from '../../api/errors-fr';
import { Link } from '../../router';
import { PASSWORD_HINT, passwordErrorFr } from './password-field';

interface SignUp {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** Créer un compte: a parent's account; the welcome e-mail's link then proves the address. */
export function SignUpPage() {
  const [form, setForm] = useState<SignUp>({ email: '', password: '', firstName: '', lastName: '' });
  // The fields left empty at the last submission: said "obligatoire" here, not sent.
  const [missing, setMissing] = useState<ReadonlyMap<string, string>>(new Map());
  const alertRef = useRef<HTMLDivElement>(null);
  const register = useMutation<unknown, ApiError, SignUp>({
    mutationFn: (body) => unwrap(api.POST('/api/auth/register', { body })),
    onSettled: () => requestAnimationFrame(() => alertRef.current?.focus()),
  });
  const errors = fieldErrorsFr(register.error);
  const passwordError = passwordErrorFr(register.error);
  if (passwordError) errors.set('password', passwordError);
  const shown = missing.size ? missing : errors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const empty = missingFieldsFr({ ...form });
    setMissing(empty);
    if (empty.size) {
      register.reset();
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    register.mutate({
      email: form.email.trim(),
      password: form.password,
      firstName: form.firstName.trim(),
      lastName: form.lastName.trim(),
    });
  };
  const bind = (name: keyof SignUp, type: string, autoComplete: string) => ({
    type,
    name,
    autoComplete,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
  });

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Créer un compte</h1>
        <div ref={alertRef} tabIndex={-1} aria-live="polite">
          {register.isSuccess && (
            <Alert
              severity="success"
              title="Consultez votre boîte e-mail"
              description={`Un e-mail vient d’être envoyé à ${form.email.trim()}. Suivez le lien qu’il contient (valable 72 heures) pour confirmer votre adresse, puis connectez-vous.`}
              className="fr-mb-3w"
            />
          )}
          {missing.size > 0 && (
            <Alert severity="error" small description="Remplissez les champs signalés." className="fr-mb-3w" />
          )}
          {register.isError && (
            <Alert severity="error" small description={frenchError(register.error)} className="fr-mb-3w" />
          )}
        </div>
        {!register.isSuccess && (
          <form onSubmit={submit} noValidate>
            <Input
              label="Adresse e-mail"
              hintText="Format attendu : nom@exemple.fr"
              {...fieldState(shown, 'email')}
              nativeInputProps={bind('email', 'email', 'email')}
            />
            <Input
              label="Mot de passe"
              hintText={PASSWORD_HINT}
              {...fieldState(shown, 'password')}
              nativeInputProps={bind('password', 'password', 'new-password')}
            />
            <Input
              label="Prénom"
              {...fieldState(shown, 'firstName')}
              nativeInputProps={bind('firstName', 'text', 'given-name')}
            />
            <Input
              label="Nom"
              {...fieldState(shown, 'lastName')}
              nativeInputProps={bind('lastName', 'text', 'family-name')}
            />
            <p className="fr-text--sm">
              Les familles sont informées que la Caf reçoit chaque année un fichier statistique anonymisé (FILOUÉ) sur
              les enfants accueillis, et qu’elles peuvent s’y opposer à tout moment depuis la page « Mon foyer ».
            </p>
            <Button type="submit" disabled={register.isPending}>
              {register.isPending ? 'Création…' : 'Créer mon compte'}
            </Button>
          </form>
        )}
        <p className="fr-mt-4w">
          Vous avez déjà un compte ? <Link href={webPaths.login}>Me connecter</Link>
        </p>
      </div>
    </div>
  );
}
