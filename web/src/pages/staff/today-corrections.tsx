import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, fieldErrorsOf, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { rawFetch } from '../parent/household-shared';

type Attendance = components['schemas']['AttendanceResponseDto'];
type Absence = components['schemas']['AbsenceResponseDto'];

/** The proof an absence calls for, as the staff name it. */
export function proofFr(reason: Absence['reason']): string {
  switch (reason) {
    case 'ILLNESS':
      return 'certificat médical';
    case 'HOSPITALISATION':
      return 'bulletin d’hospitalisation';
    case 'DOCTOR_EXCLUSION':
      return 'avis d’éviction du médecin';
    default:
      return 'justificatif';
  }
}

/** The API's proof limit (src/modules/families/domain/fee-declarations.ts, MAX_DOCUMENT_BYTES). */
const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * The certificate (or hospital note) of an absence, uploaded from the tablet: a PDF, JPEG or PNG of 5 Mo at most. An
 * illness is deducted from the invoice from its 4th day only with a certificate (docs/rules.md#r81).
 */
export function CertificateUpload({
  absence,
  ofName,
  onDone,
}: {
  absence: Absence;
  ofName: string;
  onDone: (message: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  const proof = proofFr(absence.reason);
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      form.append('document', f);
      const res = await rawFetch(`/api/absences/${absence.id}/document`, { method: 'POST', body: form });
      return (await res.json()) as Absence;
    },
    onSuccess: async () => {
      setOpen(false);
      await onDone(`${proof.charAt(0).toUpperCase()}${proof.slice(1)} ${ofName} enregistré.`);
    },
  });
  if (absence.hasDocument) return <p className="fr-mb-1w">Justificatif déposé ({proof}).</p>;
  if (!open)
    return (
      <Button priority="secondary" size="small" onClick={() => setOpen(true)}>
        {`Joindre le ${proof} ${ofName}`}
      </Button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setProblem('Choisissez un fichier : PDF, JPEG ou PNG.');
    if (file.size > MAX_BYTES) return setProblem('Le fichier dépasse 5 Mo : envoyez-en une version plus légère.');
    if (file.type && !ACCEPTED.includes(file.type)) return setProblem('Envoyez un PDF, un JPEG ou un PNG.');
    setProblem(null);
    upload.mutate(file);
  };
  const id = `justificatif-${absence.id}`;
  return (
    <form onSubmit={submit} noValidate aria-label={`Justificatif de l’absence ${ofName}`}>
      {upload.error && <Alert className="fr-mb-2w" severity="error" small description={frenchError(upload.error)} />}
      <div className={`fr-upload-group${problem ? ' fr-input-group--error' : ''}`}>
        <label className="fr-label" htmlFor={id}>
          {`${proof.charAt(0).toUpperCase()}${proof.slice(1)} ${ofName}`}
          <span className="fr-hint-text">PDF, JPEG ou PNG, 5 Mo au plus.</span>
        </label>
        <input
          ref={inputRef}
          className="fr-upload"
          type="file"
          id={id}
          accept={ACCEPTED.join(',')}
          aria-describedby={problem ? `${id}-erreur` : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {problem && (
          <p id={`${id}-erreur`} className="fr-error-text">
            {problem}
          </p>
        )}
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-mt-2w">
        <li>
          <Button type="submit" disabled={upload.isPending}>
            Envoyer le justificatif
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}

/** A field's refusal in French for a time correction (the API checks the same rules). */
function correctionErrorFr(e: unknown): string {
  if (isApiError(e) && e.code === 'VALIDATION.FAILED') {
    const fields = new Set(fieldErrorsOf(e).map((d) => d.field));
    const said = fieldErrorsOf(e)
      .flatMap((d) => d.errors)
      .join(' ');
    // The specific refusals first: a departure later than now is a `leftAt` error too, not one before the arrival.
    const now = /later than now \((\d\d:\d\d)\)/.exec(said);
    if (now) return `Une heure à venir ne peut pas être enregistrée : il est ${now[1]}.`;
    const departure = /departure recorded at (\d\d:\d\d)/.exec(said);
    if (departure)
      return `L’enfant a été pointé parti à ${departure[1]} entre-temps : l’arrivée doit être avant. Ce départ est maintenant indiqué ci-dessous.`;
    if (fields.has('leftAt')) return 'Le départ doit être après l’arrivée.';
    if (fields.has('arrivedAt')) return 'Indiquez une heure d’arrivée valide, avant 24:00.';
  }
  return frenchError(e);
}

/** Corrects a check-in or check-out's times (audited by the API with the previous times). */
export function TimeCorrection({
  actual,
  ofName,
  onDone,
  onStale,
  label = `Corriger les heures ${ofName}`,
  departureHint = 'Vide : pas encore parti',
}: {
  actual: Attendance;
  ofName: string;
  onDone: (message: string) => Promise<void>;
  /** Reads the day again when the child's record changed elsewhere meanwhile. */
  onStale?: () => Promise<void>;
  /** The button that opens the form, and the form's name. */
  label?: string;
  /** Said under an empty departure. */
  departureHint?: string;
}) {
  const [open, setOpen] = useState(false);
  const [arrivedAt, setArrivedAt] = useState(actual.arrivedAt);
  const [leftAt, setLeftAt] = useState(actual.leftAt ?? '');
  // The departure the form was opened with: emptied, it is removed; none then, one recorded since is left alone.
  const [shownLeftAt, setShownLeftAt] = useState(actual.leftAt ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);
  const correct = useMutation({
    mutationFn: async () =>
      await unwrap(
        api.PATCH('/api/attendance/{id}', {
          params: { path: { id: actual.id } },
          body: leftAt ? { arrivedAt, leftAt } : shownLeftAt ? { arrivedAt, leftAt: null } : { arrivedAt },
        }),
      ),
    onError: async (e) => {
      // A departure recorded since the form opened: shown in it, and the day's list read again.
      const since = isApiError(e) && /departure recorded at (\d\d:\d\d)/.exec(JSON.stringify(e.details ?? []));
      if (!since) return;
      setLeftAt(since[1]);
      setShownLeftAt(since[1]);
      await onStale?.();
    },
    onSuccess: async (r) => {
      setOpen(false);
      await onDone(`Heures ${ofName} corrigées : arrivée ${r.arrivedAt}${r.leftAt ? `, départ ${r.leftAt}` : ''}.`);
    },
  });
  if (!open)
    return (
      <Button
        priority="tertiary"
        size="small"
        iconId="fr-icon-edit-line"
        onClick={() => {
          setArrivedAt(actual.arrivedAt);
          setLeftAt(actual.leftAt ?? '');
          setShownLeftAt(actual.leftAt ?? '');
          correct.reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d\d:\d\d$/.test(arrivedAt)) return setProblem('Indiquez l’heure d’arrivée, par exemple 07:30.');
    if (leftAt && leftAt <= arrivedAt) return setProblem('Le départ doit être après l’arrivée.');
    setProblem(null);
    correct.mutate();
  };
  const id = `heures-${actual.id}`;
  const message = problem ?? (correct.error ? correctionErrorFr(correct.error) : null);
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      {message && <Alert className="fr-mb-2w" severity="error" small description={message} />}
      <Input
        label="Heure d’arrivée"
        nativeInputProps={{
          id: `${id}-arrivee`,
          ref: firstRef,
          type: 'time',
          required: true,
          value: arrivedAt,
          onChange: (e) => setArrivedAt(e.target.value),
        }}
      />
      <Input
        label="Heure de départ"
        hintText={actual.leftAt ? undefined : departureHint}
        nativeInputProps={{
          id: `${id}-depart`,
          type: 'time',
          value: leftAt,
          onChange: (e) => setLeftAt(e.target.value),
        }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" disabled={correct.isPending}>
            Enregistrer les heures
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}
