import { Button } from '@codegouvfr/react-dsfr/Button';
import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A confirmation asked in the page (not a dialog): the question, then the action and a way back. The action has the
 * focus once asked (Entrée confirms), Échap or the second button cancels.
 */
export function Confirmation({
  id,
  question,
  confirmLabel,
  cancelLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  id: string;
  question: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      role="group"
      aria-labelledby={`${id}-question`}
      className="fr-mb-2w"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p id={`${id}-question`} className="fr-mb-1w">
        <strong>{question}</strong>
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button ref={confirmRef} type="button" disabled={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onCancel}>
            {cancelLabel}
          </Button>
        </li>
      </ul>
    </div>
  );
}

/**
 * A small button whose action is confirmed in the page first (`Confirmation`): asked, the question replaces it;
 * cancelled, the focus comes back to it. `onAsk` clears what the last attempt left (an error shown beside it).
 */
export function ConfirmedButton({
  id,
  label,
  iconId,
  onAsk,
  ...confirmation
}: {
  id: string;
  label: string;
  iconId: 'fr-icon-delete-line' | 'fr-icon-calendar-line';
  question: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onAsk: () => void;
}) {
  const [asked, setAsked] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  return asked ? (
    <Confirmation
      id={id}
      {...confirmation}
      onCancel={() => {
        setAsked(false);
        setTimeout(() => triggerRef.current?.focus());
      }}
    />
  ) : (
    <Button
      ref={triggerRef}
      priority="tertiary"
      size="small"
      iconId={iconId}
      onClick={() => {
        onAsk();
        setAsked(true);
      }}
    >
      {label}
    </Button>
  );
}
