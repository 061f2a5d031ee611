import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { webPaths } from '../../../../src/common/web/web-paths';
import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { fieldErrorsFr, fieldState, frenchError, missingFieldsFr } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { Link } from '../../router';
import { COMMUNE_FIELD, COMMUNE_HINT, CommuneCheck, useTerritoryCommunes } from './CommuneField';
import { type FamilyField, FamilyFieldForm } from './FamilyFieldForm';
import { SITUATION_FLAGS, SituationForm } from './SituationForm';
import {
  BENEFIT_SCHEME_FR,
  dateFr,
  dateTimeFr,
  PARENTS_ACTIVITY_FR,
  resourcesFr,
  useMyFamily,
} from './household-shared';

type Family = components['schemas']['FamilyResponseDto'];
type Child = components['schemas']['ChildResponseDto'];
type NewFamily = components['schemas']['CreateFamilyDto'];

/** Mon foyer (issue #15, page 3): the household, its parents (invite the co-parent) and its children. */
export function HouseholdPage() {
  const family = useMyFamily();
  return (
    <>
      <h1>Mon foyer</h1>
      {family.isPending && <p>Chargement…</p>}
      {family.isError && <Alert severity="error" small description={frenchError(family.error)} />}
      {family.data === null && (
        <>
          <PendingInvitations />
          <CreateHousehold />
        </>
      )}
      {family.data && (
        <>
          <HouseholdSummary family={family.data} />
          <Parents familyId={family.data.id} />
          <Children familyId={family.data.id} />
          <FiloueObjection family={family.data} />
        </>
      )}
    </>
  );
}

/** A parent invited by the other one joins that household instead of creating one. */
function PendingInvitations() {
  const invitations = useQuery({ queryKey: ['my-invitations'], queryFn: () => unwrap(api.GET('/api/me/invitations')) });
  if (!invitations.data?.length) return null;
  return (
    <section className="fr-mb-4w">
      <h2>Vous êtes invité à rejoindre un foyer</h2>
      <ul>
        {invitations.data.map((i) => (
          <li key={i.id}>
            <Link href={webPaths.invitation(i.id)}>
              {`Invitation de ${i.invitedByFirstName ?? 'un parent'}, reçue le ${dateTimeFr(i.createdAt)}`}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateHousehold() {
  const queryClient = useQueryClient();
  const [commune, setCommune] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [resourcesKind, setResourcesKind] = useState<'amount' | 'unknown' | 'refused'>('amount');
  const [resources, setResources] = useState('');
  const [dependentChildren, setDependentChildren] = useState('1');
  const [aeehChildren, setAeehChildren] = useState('0');
  const [benefitScheme, setBenefitScheme] = useState('GENERAL');
  const [cafNumber, setCafNumber] = useState('');
  // R9.5: a household of the general scheme with no Caf number says so here, or later on Mon foyer.
  const [notAllocataire, setNotAllocataire] = useState(false);
  const saysNotAllocataire = notAllocataire && benefitScheme === 'GENERAL';
  const [parentsActivity, setParentsActivity] = useState('BOTH_WORKING');
  const [flags, setFlags] = useState({
    singleParent: false,
    atypicalWorkHours: false,
    socialMinimaOrInsertion: false,
    otherHouseholdDisability: false,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/families', {
          body: {
            communeInseeCode: commune.trim(),
            ...(postalCode.trim() ? { postalCode: postalCode.trim() } : {}),
            monthlyResources:
              resourcesKind === 'amount' ? resources.trim().replace(/\s/g, '').replace(',', '.') : resourcesKind,
            dependentChildren: Number(dependentChildren),
            aeehChildren: Number(aeehChildren),
            benefitScheme: benefitScheme as NewFamily['benefitScheme'],
            ...(saysNotAllocataire
              ? { notCafAllocataire: true }
              : cafNumber.trim()
                ? { cafNumber: cafNumber.trim() }
                : {}),
            parentsActivity: parentsActivity as NewFamily['parentsActivity'],
            ...flags,
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-family'] }),
  });
  // The fields left empty at the last submission: said "obligatoire" here, not sent (Number('') would send 0).
  const [missing, setMissing] = useState<ReadonlyMap<string, string>>(new Map());
  const errors = missing.size ? missing : fieldErrorsFr(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const empty = missingFieldsFr({
      communeInseeCode: commune,
      ...(resourcesKind === 'amount' ? { monthlyResources: resources } : {}),
      dependentChildren,
      aeehChildren,
    });
    setMissing(empty);
    if (empty.size) return create.reset();
    create.mutate();
  };
  const flag = (name: keyof typeof flags, label: string, hint?: string) => ({
    label,
    hintText: hint,
    nativeInputProps: {
      name,
      checked: flags[name],
      onChange: () => setFlags((f) => ({ ...f, [name]: !f[name] })),
    },
  });
  return (
    <section>
      <h2>Déclarer mon foyer</h2>
      <p>
        Ces informations servent à calculer votre participation et votre priorité. Vous les corrigerez ensuite par une
        déclaration avec justificatif.
      </p>
      <div aria-live="polite">
        {missing.size > 0 && (
          <Alert severity="error" small description="Remplissez les champs signalés." className="fr-mb-3w" />
        )}
        {create.isError && (
          <Alert severity="error" small description={frenchError(create.error)} className="fr-mb-3w" />
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <Input
          label="Commune de résidence (code INSEE)"
          hintText={COMMUNE_HINT}
          {...fieldState(errors, 'communeInseeCode')}
          nativeInputProps={{
            name: 'communeInseeCode',
            value: commune,
            onChange: (e) => setCommune(e.target.value),
            inputMode: 'text',
          }}
        />
        <CommuneCheck code={commune} />
        <Input
          label="Code postal"
          hintText="5 chiffres, par exemple 88700 ; transmis à la Caf avec votre commune (fichier FILOUÉ)"
          {...fieldState(errors, 'postalCode')}
          nativeInputProps={{
            name: 'postalCode',
            value: postalCode,
            onChange: (e) => setPostalCode(e.target.value),
            inputMode: 'numeric',
            autoComplete: 'postal-code',
          }}
        />
        <RadioButtons
          legend="Ressources mensuelles du foyer"
          hintText="Revenus de l’année N-2 divisés par 12, comme sur votre avis d’imposition"
          name="resourcesKind"
          options={[
            {
              label: 'Je les connais',
              nativeInputProps: { checked: resourcesKind === 'amount', onChange: () => setResourcesKind('amount') },
            },
            {
              label: 'Je ne les connais pas encore (tarif plancher)',
              nativeInputProps: { checked: resourcesKind === 'unknown', onChange: () => setResourcesKind('unknown') },
            },
            {
              label: 'Je ne souhaite pas les communiquer (tarif plafond)',
              nativeInputProps: { checked: resourcesKind === 'refused', onChange: () => setResourcesKind('refused') },
            },
          ]}
        />
        {resourcesKind === 'amount' && (
          <Input
            label="Montant mensuel en euros"
            hintText="Par exemple 2 400,00"
            {...fieldState(errors, 'monthlyResources')}
            nativeInputProps={{
              name: 'monthlyResources',
              inputMode: 'decimal',
              value: resources,
              onChange: (e) => setResources(e.target.value),
            }}
          />
        )}
        <Input
          label="Enfants à charge"
          {...fieldState(errors, 'dependentChildren')}
          nativeInputProps={{
            name: 'dependentChildren',
            type: 'number',
            min: 1,
            max: 20,
            value: dependentChildren,
            onChange: (e) => setDependentChildren(e.target.value),
          }}
        />
        <Input
          label="Dont enfants bénéficiaires de l’AEEH"
          {...fieldState(errors, 'aeehChildren')}
          nativeInputProps={{
            name: 'aeehChildren',
            type: 'number',
            min: 0,
            max: 20,
            value: aeehChildren,
            onChange: (e) => setAeehChildren(e.target.value),
          }}
        />
        <Select
          label="Régime de prestations familiales"
          {...fieldState(errors, 'benefitScheme')}
          nativeSelectProps={{
            name: 'benefitScheme',
            value: benefitScheme,
            onChange: (e) => setBenefitScheme(e.target.value),
          }}
        >
          {Object.entries(BENEFIT_SCHEME_FR).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
        {benefitScheme === 'GENERAL' && (
          <Checkbox
            options={[
              {
                label: 'Nous ne sommes pas allocataires de la Caf',
                hintText:
                  'Votre foyer ne reçoit aucune prestation de la Caf et n’a donc pas de numéro : la crèche n’aura pas à vous le demander.',
                nativeInputProps: {
                  name: 'notCafAllocataire',
                  checked: notAllocataire,
                  onChange: () => setNotAllocataire((v) => !v),
                },
              },
            ]}
            {...fieldState(errors, 'notCafAllocataire')}
          />
        )}
        {!saysNotAllocataire && (
          <Input
            label="Numéro d’allocataire (facultatif)"
            hintText="Les chiffres de votre numéro Caf ou MSA"
            {...fieldState(errors, 'cafNumber')}
            nativeInputProps={{
              name: 'cafNumber',
              inputMode: 'numeric',
              value: cafNumber,
              onChange: (e) => setCafNumber(e.target.value),
            }}
          />
        )}
        <Select
          label="Activité des parents"
          {...fieldState(errors, 'parentsActivity')}
          nativeSelectProps={{
            name: 'parentsActivity',
            value: parentsActivity,
            onChange: (e) => setParentsActivity(e.target.value),
          }}
        >
          {Object.entries(PARENTS_ACTIVITY_FR).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
        <Checkbox legend="Votre situation" options={SITUATION_FLAGS.map(([name, label]) => flag(name, label))} />
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Enregistrement…' : 'Créer mon foyer'}
        </Button>
      </form>
    </section>
  );
}

/** The household's postal code, entered or corrected on its own; emptied, the code entered by mistake is taken back. */
const POSTAL_CODE_FIELD: FamilyField<'postalCode'> = {
  name: 'postalCode',
  label: 'Code postal du foyer',
  hintText: '5 chiffres, par exemple 88700 ; transmis à la Caf avec votre commune (fichier FILOUÉ)',
  submitLabel: 'Valider le code postal',
  inputMode: 'numeric',
  autoComplete: 'postal-code',
  toValue: (typed) => typed.trim() || null,
  savedMessage: (saved) => (saved.postalCode ? 'Code postal enregistré.' : 'Code postal retiré.'),
};

/** Needed in the Caf's FILOUÉ file for a household of the general scheme: one not given at sign-up is added here. */
const CAF_NUMBER_FIELD: FamilyField<'cafNumber'> = {
  name: 'cafNumber',
  label: 'Numéro d’allocataire Caf',
  hintText: '7 chiffres, sur vos courriers de la Caf ; transmis à la Caf dans son fichier statistique FILOUÉ',
  submitLabel: 'Valider le numéro d’allocataire',
  inputMode: 'numeric',
  autoComplete: 'off',
  // Emptied, a number typed by mistake is taken back.
  toValue: (typed) => typed.trim() || null,
  savedMessage: (saved) => (saved.cafNumber ? 'Numéro d’allocataire enregistré.' : 'Numéro d’allocataire retiré.'),
};

/** The household's Caf number, or that it has none, as Mon foyer says it. */
function cafStatusFr(family: Family): string {
  if (family.cafNumber) return `Numéro d’allocataire Caf : ${family.cafNumber}`;
  return family.notCafAllocataire
    ? 'Numéro d’allocataire Caf : aucun, votre foyer n’est pas allocataire de la Caf'
    : 'Numéro d’allocataire Caf : non renseigné';
}

/**
 * A household of the general scheme with no Caf number says so (R9.5): the crèche's FILOUÉ file then counts its
 * children as a non-allocataire's, rather than asking every year for a number it does not have. Said back in one click.
 */
function NotAllocataire({ family }: { family: Family }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (notCafAllocataire: boolean) =>
      unwrap(api.PATCH('/api/families/{id}', { params: { path: { id: family.id } }, body: { notCafAllocataire } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-family'] }),
  });
  return (
    <div className="fr-mb-3w">
      <div aria-live="polite">
        {save.isSuccess && (
          <Alert
            className="fr-mb-2w"
            severity="success"
            small
            description={
              save.data.notCafAllocataire
                ? 'C’est noté : votre foyer n’est pas allocataire de la Caf.'
                : 'C’est noté : indiquez votre numéro d’allocataire ci-dessus.'
            }
          />
        )}
        {save.isError && <Alert className="fr-mb-2w" severity="error" small description={frenchError(save.error)} />}
      </div>
      {family.notCafAllocataire ? (
        <Button priority="tertiary" disabled={save.isPending} onClick={() => save.mutate(false)}>
          Nous sommes en fait allocataires de la Caf
        </Button>
      ) : (
        <>
          <p className="fr-hint-text fr-mb-1w">
            {family.cafNumber
              ? 'Ce numéro a été saisi par erreur et votre foyer ne reçoit aucune prestation de la Caf ? Dites-le : le numéro sera retiré.'
              : 'Pas de numéro parce que votre foyer ne reçoit aucune prestation de la Caf ? Dites-le : la crèche n’aura pas à vous le redemander.'}
          </p>
          <Button priority="tertiary" disabled={save.isPending} onClick={() => save.mutate(true)}>
            Nous ne sommes pas allocataires de la Caf
          </Button>
        </>
      )}
    </div>
  );
}

function HouseholdSummary({ family }: { family: Family }) {
  const communes = useTerritoryCommunes();
  const communeName = family.communeInseeCode ? communes?.get(family.communeInseeCode) : undefined;
  return (
    <section className="fr-mb-4w">
      <h2>Situation du foyer</h2>
      <ul>
        <li>
          {communeName
            ? `Commune : ${communeName} (code INSEE ${family.communeInseeCode})`
            : `Commune (code INSEE) : ${family.communeInseeCode ?? '—'}`}
        </li>
        <li>{`Code postal : ${family.postalCode ?? 'non renseigné'}`}</li>
        <li>{`Ressources mensuelles : ${resourcesFr(family.monthlyResources)}`}</li>
        <li>{`Enfants à charge : ${family.dependentChildren}, dont ${family.aeehChildren} bénéficiaire(s) de l’AEEH`}</li>
        <li>{`Régime : ${BENEFIT_SCHEME_FR[family.benefitScheme] ?? family.benefitScheme}`}</li>
        {family.benefitScheme === 'GENERAL' && <li>{cafStatusFr(family)}</li>}
      </ul>
      <FamilyFieldForm family={family} field={COMMUNE_FIELD} />
      <FamilyFieldForm family={family} field={POSTAL_CODE_FIELD} />
      {family.benefitScheme === 'GENERAL' && (
        <>
          <FamilyFieldForm family={family} field={CAF_NUMBER_FIELD} />
          <NotAllocataire family={family} />
        </>
      )}
      <SituationForm family={family} />
      <p>
        Vos ressources ou vos enfants à charge changent ?{' '}
        <Link href={webPaths.declarations}>Déclarez-le avec un justificatif</Link>.
      </p>
    </section>
  );
}

/**
 * The Caf's yearly FILOUÉ statistics file (anonymised by the Cnaf): families are told of it and may object, for the
 * whole household; an objecting household is left out of the file (docs/rules.md §9).
 */
function FiloueObjection({ family }: { family: Family }) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id: family.id } } };
  const toggle = useMutation({
    mutationFn: (object: boolean) =>
      object
        ? unwrap(api.PUT('/api/families/{id}/filoue-objection', path))
        : unwrap(api.DELETE('/api/families/{id}/filoue-objection', path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-family'] }),
  });
  const objected = family.filoueObjectedAt !== null && family.filoueObjectedAt !== undefined;
  return (
    <section className="fr-mb-4w">
      <h2>Statistiques de la Caf (FILOUÉ)</h2>
      <p>
        Chaque année, la crèche transmet à la Caf un fichier statistique (FILOUÉ) sur les enfants accueillis : heures
        facturées et réalisées, participation payée, numéro d’allocataire. La Cnaf l’anonymise avant de l’exploiter.
        Vous pouvez vous opposer à la transmission des données de votre foyer.
      </p>
      {toggle.isError && <Alert severity="error" small description={frenchError(toggle.error)} className="fr-mb-2w" />}
      <div aria-live="polite">
        {objected ? (
          <>
            <p>{`Votre foyer s’oppose à cette transmission depuis le ${dateFr(family.filoueObjectedAt!.slice(0, 10))}.`}</p>
            <Button priority="secondary" disabled={toggle.isPending} onClick={() => toggle.mutate(false)}>
              Retirer mon opposition
            </Button>
          </>
        ) : (
          <Button priority="secondary" disabled={toggle.isPending} onClick={() => toggle.mutate(true)}>
            M’opposer à la transmission
          </Button>
        )}
      </div>
    </section>
  );
}

function Parents({ familyId }: { familyId: string }) {
  const queryClient = useQueryClient();
  const parents = useQuery({
    queryKey: ['family-parents', familyId],
    queryFn: () => unwrap(api.GET('/api/families/{id}/parents', { params: { path: { id: familyId } } })),
  });
  const [email, setEmail] = useState('');
  const invite = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/families/{id}/invitations', {
          params: { path: { id: familyId } },
          body: { email: email.trim() },
        }),
      ),
    onSuccess: () => {
      setEmail('');
      focusSoon(inviteStatus);
      return queryClient.invalidateQueries({ queryKey: ['family-parents', familyId] });
    },
    onError: () => focusSoon(inviteStatus),
  });
  const inviteStatus = useRef<HTMLDivElement>(null);
  const errors = fieldErrorsFr(invite.error);
  return (
    <section className="fr-mb-4w">
      <h2>Parents</h2>
      {parents.isError && <Alert severity="error" small description={frenchError(parents.error)} />}
      <ul>
        {parents.data?.parents.map((p) => (
          <li key={p.id}>{`${p.firstName} ${p.lastName} (${p.email})`}</li>
        ))}
        {parents.data?.invitations.map((i) => (
          <li key={i.id}>{`${i.email} : invitation envoyée le ${dateTimeFr(i.createdAt)}, en attente`}</li>
        ))}
      </ul>
      {parents.data && parents.data.parents.length < 2 && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate();
          }}
        >
          <h3 className="fr-h6">Inviter l’autre parent</h3>
          <p>Il ou elle recevra un e-mail avec un lien pour rejoindre le foyer, avec ou sans compte Berceau.</p>
          <div ref={inviteStatus} tabIndex={-1} aria-live="polite">
            {invite.isError && (
              <Alert severity="error" small description={frenchError(invite.error)} className="fr-mb-2w" />
            )}
            {invite.isSuccess && (
              <Alert
                severity="success"
                small
                description={`Invitation envoyée à ${invite.data.email}.`}
                className="fr-mb-2w"
              />
            )}
          </div>
          <Input
            label="Adresse e-mail de l’autre parent"
            hintText="Format attendu : nom@exemple.fr"
            {...fieldState(errors, 'email')}
            nativeInputProps={{
              type: 'email',
              name: 'inviteEmail',
              autoComplete: 'email',
              value: email,
              onChange: (e) => setEmail(e.target.value),
            }}
          />
          <Button type="submit" priority="secondary" disabled={invite.isPending}>
            Envoyer l’invitation
          </Button>
        </form>
      )}
    </section>
  );
}

interface ChildForm {
  firstName: string;
  born: boolean;
  date: string;
  disability: boolean;
  multipleBirth: boolean;
}
const emptyChild: ChildForm = { firstName: '', born: true, date: '', disability: false, multipleBirth: false };

function childBody(f: ChildForm) {
  return {
    firstName: f.firstName.trim(),
    ...(f.born ? { birthDate: f.date } : { expectedBirthDate: f.date }),
    disability: f.disability,
    multipleBirth: f.multipleBirth,
  };
}

function Children({ familyId }: { familyId: string }) {
  const queryClient = useQueryClient();
  const children = useQuery({
    queryKey: ['children', familyId],
    queryFn: () => unwrap(api.GET('/api/families/{id}/children', { params: { path: { id: familyId } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['children', familyId] });
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const add = useMutation({
    mutationFn: (f: ChildForm) =>
      unwrap(api.POST('/api/families/{id}/children', { params: { path: { id: familyId } }, body: childBody(f) })),
    onSuccess: (c) => {
      setStatus(`${c.firstName} a été ajouté(e).`);
      focusSoon(statusRef);
      return refresh();
    },
  });
  const statusRef = useRef<HTMLParagraphElement>(null);
  const remove = useMutation({
    mutationFn: (c: Child) =>
      unwrap(
        api.DELETE('/api/families/{id}/children/{childId}', { params: { path: { id: familyId, childId: c.id } } }),
      ),
    onMutate: () => setStatus(''),
    onSuccess: (_r, c) => {
      setStatus(`${c.firstName} a été retiré(e) du foyer.`);
      focusSoon(statusRef);
      return refresh();
    },
  });
  return (
    <section className="fr-mb-4w">
      <h2>Enfants</h2>
      <p ref={statusRef} tabIndex={-1} aria-live="polite" className="fr-sr-only-when-empty">
        {status}
      </p>
      {remove.isError && (
        <Alert
          severity="error"
          small
          className="fr-mb-2w"
          description={removalRefusal(remove.error, remove.variables?.firstName ?? 'Cet enfant')}
        />
      )}
      {children.data?.length === 0 && <p>Aucun enfant déclaré pour l’instant.</p>}
      <ul className="fr-raw-list">
        {children.data?.map((c) => (
          <li key={c.id} className="fr-mb-2w">
            {editing === c.id ? (
              <EditChild
                familyId={familyId}
                child={c}
                onDone={(msg) => {
                  setEditing(null);
                  if (msg) setStatus(msg);
                  focusSoon(statusRef);
                  void refresh();
                }}
              />
            ) : (
              <>
                <p className="fr-mb-1v">
                  <strong>{c.firstName}</strong>
                  {c.birthDate
                    ? `, né(e) le ${dateFr(c.birthDate)}`
                    : `, naissance prévue le ${dateFr(c.expectedBirthDate)}`}
                  {c.disability ? ', en situation de handicap' : ''}
                </p>
                <Button priority="secondary" size="small" className="fr-mr-2w" onClick={() => setEditing(c.id)}>
                  {`Corriger ${c.firstName}`}
                </Button>
                <Button
                  priority="tertiary"
                  size="small"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (
                      window.confirm(
                        `Retirer ${c.firstName} du foyer ? Ce n’est possible que si aucune demande ne le concerne.`,
                      )
                    )
                      remove.mutate(c);
                  }}
                >
                  {`Supprimer ${c.firstName}`}
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <h3 className="fr-h6">Ajouter un enfant</h3>
      <ChildFields
        key={add.isSuccess ? add.data.id : 'new'}
        submitLabel="Ajouter l’enfant"
        initial={emptyChild}
        error={add.error}
        pending={add.isPending}
        onSubmit={(f) => add.mutate(f)}
      />
    </section>
  );
}

const HELD_BY: Readonly<Record<string, string>> = {
  application: 'une demande de place le concerne (même retirée, elle reste dans son dossier)',
  contract: 'un contrat le concerne',
  booking: 'une réservation le concerne',
  coHousehold: 'une résidence alternée le concerne',
};

/** Why a child cannot be removed, in French, from the API's 409 CHILD.IN_USE and what holds it. */
function removalRefusal(e: unknown, firstName: string): string {
  if (!isApiError(e) || e.code !== 'CHILD.IN_USE') return frenchError(e);
  const by = (e as { details?: { referencedBy?: string } }).details?.referencedBy ?? '';
  return `${firstName} ne peut pas être retiré(e) du foyer : ${HELD_BY[by] ?? 'un dossier le concerne'}.`;
}

function EditChild({ familyId, child, onDone }: { familyId: string; child: Child; onDone: (msg?: string) => void }) {
  const update = useMutation({
    mutationFn: (f: ChildForm) =>
      unwrap(
        api.PATCH('/api/families/{id}/children/{childId}', {
          params: { path: { id: familyId, childId: child.id } },
          body: childBody(f),
        }),
      ),
    onSuccess: (c) => onDone(`${c.firstName} : modifications enregistrées.`),
  });
  return (
    <>
      <ChildFields
        submitLabel="Enregistrer"
        initial={{
          firstName: child.firstName,
          born: child.birthDate !== null,
          date: child.birthDate ?? child.expectedBirthDate ?? '',
          disability: child.disability,
          multipleBirth: child.multipleBirth,
        }}
        error={update.error}
        pending={update.isPending}
        onSubmit={(f) => update.mutate(f)}
        focusFirst
      />
      <Button priority="tertiary" size="small" onClick={() => onDone(`Correction de ${child.firstName} annulée.`)}>
        Annuler
      </Button>
    </>
  );
}

function ChildFields(props: {
  submitLabel: string;
  initial: ChildForm;
  error: unknown;
  pending: boolean;
  onSubmit: (f: ChildForm) => void;
  /** Opened to correct a child: the focus goes to its first field. */
  focusFirst?: boolean;
}) {
  const [f, setF] = useState(props.initial);
  const firstRef = useRef<HTMLInputElement>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focusFirst) focusSoon(firstRef);
  }, [props.focusFirst]);
  // A refusal is said where the focus goes: the button that sent the form was disabled meanwhile.
  useEffect(() => {
    if (props.error) focusSoon(refusalRef);
  }, [props.error]);
  // The fields left empty at the last submission: said "obligatoire" here, not sent (an empty date is no date error).
  const [missing, setMissing] = useState<ReadonlyMap<string, string>>(new Map());
  const errors = missing.size ? missing : fieldErrorsFr(props.error);
  const dateField = f.born ? 'birthDate' : 'expectedBirthDate';
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const empty = missingFieldsFr({ firstName: f.firstName, [dateField]: f.date });
        setMissing(empty);
        if (empty.size) focusSoon(refusalRef);
        else props.onSubmit(f);
      }}
    >
      <div aria-live="polite" ref={refusalRef} tabIndex={-1}>
        {missing.size > 0 && (
          <Alert severity="error" small description="Remplissez les champs signalés." className="fr-mb-2w" />
        )}
        {!missing.size && props.error !== null && props.error !== undefined && (
          <Alert severity="error" small description={frenchError(props.error)} className="fr-mb-2w" />
        )}
      </div>
      <Input
        label="Prénom"
        {...fieldState(errors, 'firstName')}
        nativeInputProps={{
          ref: firstRef,
          name: 'firstName',
          value: f.firstName,
          onChange: (e) => setF({ ...f, firstName: e.target.value }),
        }}
      />
      <RadioButtons
        legend="L’enfant est-il né ?"
        orientation="horizontal"
        options={[
          { label: 'Oui', nativeInputProps: { checked: f.born, onChange: () => setF({ ...f, born: true }) } },
          { label: 'Pas encore', nativeInputProps: { checked: !f.born, onChange: () => setF({ ...f, born: false }) } },
        ]}
      />
      <Input
        label={f.born ? 'Date de naissance' : 'Date de naissance prévue'}
        {...fieldState(errors, dateField)}
        nativeInputProps={{
          type: 'date',
          name: dateField,
          value: f.date,
          onChange: (e) => setF({ ...f, date: e.target.value }),
        }}
      />
      <Checkbox
        legend="Situation de l’enfant"
        options={[
          {
            label: 'En situation de handicap',
            nativeInputProps: {
              name: 'disability',
              checked: f.disability,
              onChange: () => setF({ ...f, disability: !f.disability }),
            },
          },
          {
            label: 'Naissance multiple (jumeaux, triplés…)',
            nativeInputProps: {
              name: 'multipleBirth',
              checked: f.multipleBirth,
              onChange: () => setF({ ...f, multipleBirth: !f.multipleBirth }),
            },
          },
        ]}
      />
      <Button type="submit" disabled={props.pending}>
        {props.submitLabel}
      </Button>
    </form>
  );
}

/**
 * After an action, the focus goes to what was said of it (once painted): the button that sent it was disabled while it
 * ran, and the browser had put the focus back at the top of the page.
 */
function focusSoon(ref: RefObject<HTMLElement | null>): void {
  requestAnimationFrame(() => ref.current?.focus());
}
