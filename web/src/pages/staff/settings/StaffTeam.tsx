import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api, isApiError } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { fieldErrorsFr, fieldState, frenchError, missingFieldsFr } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { ConfirmedButton } from '../../../components/Confirmation';

type Member = components['schemas']['StaffMemberDto'];
type Team = components['schemas']['StaffResponseDto'];

const NO_ONE = { firstName: '', lastName: '', email: '' };

/**
 * Équipe de pointage (issue #16): the crèche's staff accounts, who check children in and out on Aujourd'hui and see
 * nothing else. The manager invites an auxiliary (the account is made and e-mailed a link to choose its password;
 * an auxiliary who has a staff account already joins with it) or takes one off the team (confirmed; the account
 * stays, with no crèche).
 */
export function StaffTeam({ crecheId }: { crecheId: string }) {
  const queryClient = useQueryClient();
  const teamKey = ['creches', crecheId, 'staff'];
  const team = useQuery({
    queryKey: teamKey,
    queryFn: async () => await unwrap(api.GET('/api/creches/{id}/staff', { params: { path: { id: crecheId } } })),
  });
  const [said, setSaid] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // One account off (DELETE), not the list as this page last read it: an invitation sent meanwhile stays.
  const remove = useMutation({
    mutationFn: async (member: Member) =>
      await unwrap(
        api.DELETE('/api/creches/{id}/staff/{userId}', { params: { path: { id: crecheId, userId: member.id } } }),
      ),
    onSuccess: (now: Team, member) => {
      queryClient.setQueryData(teamKey, now);
      setSaid(`${member.firstName} ${member.lastName} ne fait plus partie de l’équipe de pointage.`);
      heading.current?.focus();
    },
  });

  return (
    <section className="fr-mb-4w" aria-labelledby="equipe-titre">
      <h2 id="equipe-titre" className="fr-h4" ref={heading} tabIndex={-1}>
        Équipe de pointage
      </h2>
      <p>
        {
          'Les comptes de l’équipe pointent les arrivées et les départs sur la page Aujourd’hui, et ne voient rien d’autre\u00a0: ni les familles, ni les contrats, ni les factures.'
        }
      </p>
      {team.isPending && <p>Chargement de l’équipe…</p>}
      {team.error && <Alert severity="error" small description={frenchError(team.error)} />}
      {team.data && team.data.members.length === 0 && <p>Aucun compte de pointage pour cette crèche.</p>}
      {team.data && team.data.members.length > 0 && (
        <ul className="fr-raw-list fr-mb-2w">
          {team.data.members.map((m) => (
            <li key={m.id} className="fr-mb-1w">
              <strong>
                {m.firstName} {m.lastName}
              </strong>{' '}
              — {m.email}{' '}
              {m.disabled ? (
                <Badge small severity="error" noIcon>
                  Compte désactivé
                </Badge>
              ) : !m.emailVerified ? (
                <Badge small severity="info" noIcon>
                  Invitation envoyée, mot de passe pas encore choisi
                </Badge>
              ) : null}{' '}
              <ConfirmedButton
                id={`retrait-${m.id}`}
                label={`Retirer ${m.firstName} ${m.lastName}`}
                iconId="fr-icon-delete-line"
                question={`Retirer ${m.firstName} ${m.lastName} de l’équipe ? Son compte ne pourra plus pointer dans cette crèche${m.emailVerified ? '' : ' : s’il ne fait partie d’aucune autre équipe, son invitation est annulée et son compte, jamais utilisé, supprimé'}.`}
                confirmLabel="Retirer de l’équipe"
                cancelLabel="Annuler"
                pending={remove.isPending}
                onConfirm={() => remove.mutate(m)}
                onAsk={() => {
                  setSaid(null);
                  remove.reset();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {remove.error && <Alert severity="error" small description={frenchError(remove.error)} />}
      <p role="status" aria-live="polite">
        {said}
      </p>
      <InviteForm
        crecheId={crecheId}
        onSend={() => setSaid(null)}
        onInvited={(now, email) => {
          queryClient.setQueryData(teamKey, now);
          // An address that was already a staff account in use (an auxiliary of another crèche) joins as it is.
          const member = now.members.find((m) => m.email === email);
          setSaid(
            member?.emailVerified
              ? `${member.firstName} ${member.lastName} fait maintenant partie de l’équipe, avec son compte Berceau : un e-mail l’en informe.`
              : `Invitation envoyée à ${email} : le lien reçu par e-mail, valable 7 jours, permet de choisir le mot de passe.`,
          );
        }}
      />
    </section>
  );
}

/** Why an address already has an account that cannot join this team (an address that is free makes one). */
const ADDRESS_REFUSALS = new Set(['USER.EMAIL_TAKEN', 'STAFF.ALREADY_IN_TEAM', 'STAFF.ACCOUNT_DISABLED']);

function InviteForm({
  crecheId,
  onSend,
  onInvited,
}: {
  crecheId: string;
  /** A new attempt: what the last one said no longer stands. */
  onSend: () => void;
  onInvited: (team: Team, email: string) => void;
}) {
  const [person, setPerson] = useState(NO_ONE);
  // Fields left blank are said before sending (the API would call an empty name a length, not a missing value).
  const [missing, setMissing] = useState<ReadonlyMap<string, string>>(new Map());
  const invite = useMutation({
    mutationFn: async (body: typeof NO_ONE) =>
      await unwrap(api.POST('/api/creches/{id}/staff/invitations', { params: { path: { id: crecheId } }, body })),
    onSuccess: (team, body) => {
      setPerson(NO_ONE);
      // The address as it was saved (trimmed, lower case).
      const email = body.email.trim().toLowerCase();
      onInvited(team, team.members.find((m) => m.email === email)?.email ?? email);
    },
  });
  const errors = missing.size ? new Map(missing) : fieldErrorsFr(invite.error);
  // An address refused for the account it already is is said beside the address, where it is corrected.
  if (!missing.size && isApiError(invite.error) && ADDRESS_REFUSALS.has(invite.error.code))
    errors.set(
      'email',
      invite.error.code === 'USER.EMAIL_TAKEN'
        ? 'Cette adresse a déjà un compte Berceau qui ne peut pas rejoindre cette équipe : invitez la personne avec une autre adresse, ou demandez à un administrateur.'
        : frenchError(invite.error),
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSend();
    const blank = missingFieldsFr(person);
    setMissing(blank);
    if (!blank.size) invite.mutate(person);
  };
  const field = (name: keyof typeof NO_ONE, label: string, maxLength: number, type = 'text') => (
    <Input
      label={label}
      {...fieldState(errors, name)}
      nativeInputProps={{
        type,
        maxLength,
        autoComplete: 'off',
        value: person[name],
        onChange: (e) => {
          setPerson({ ...person, [name]: e.target.value });
          // A field filled in no longer says it is missing.
          if (missing.has(name)) setMissing(new Map([...missing].filter(([f]) => f !== name)));
        },
      }}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="invitation-titre">
      <h3 id="invitation-titre" className="fr-h6">
        Inviter une personne de l’équipe
      </h3>
      {invite.error && !errors.size && !missing.size && (
        <Alert severity="error" small description={frenchError(invite.error)} />
      )}
      {field('firstName', 'Prénom', 100)}
      {field('lastName', 'Nom', 100)}
      {field('email', 'Adresse e-mail', 254, 'email')}
      <Button type="submit" disabled={invite.isPending}>
        Envoyer l’invitation
      </Button>
    </form>
  );
}
