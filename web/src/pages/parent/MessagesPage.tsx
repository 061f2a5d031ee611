import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { Link } from '../../router';
import { dateTimeFr } from './household-shared';

const PAGE = 20;
/** The e-mail's line breaks, and long addresses wrapped at 360 px. */
const TEXT = { whiteSpace: 'pre-line', overflowWrap: 'anywhere' } as const;

/**
 * Mes messages (issue #15, page 7): every e-mail Berceau sent the family, with the e-mail's own text (a family
 * without an SMTP server reads them here), newest first, 20 at a time.
 */
export function MessagesPage() {
  const messages = useInfiniteQuery({
    queryKey: ['my-notices'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/me/notices', { params: { query: { limit: PAGE, ...(pageParam ? { before: pageParam } : {}) } } }),
      ),
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].id : undefined),
  });
  const all = messages.data?.pages.flat() ?? [];
  return (
    <>
      <h1>Mes messages</h1>
      {messages.isPending && <p>Chargement…</p>}
      {messages.isError && <Alert severity="error" small description={frenchError(messages.error)} />}
      {messages.isSuccess && all.length === 0 && <p>Vous n’avez reçu aucun message pour l’instant.</p>}
      <ul className="fr-raw-list">
        {all.map((m) => (
          <li key={m.id} className="fr-mb-4w">
            <article className="fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
              <h2 className="fr-h5 fr-mb-1v">{m.subject ?? 'Message indisponible'}</h2>
              <p className="fr-text--sm fr-mb-2w">
                {m.sentAt
                  ? `Envoyé le ${dateTimeFr(m.sentAt)}`
                  : `Créé le ${dateTimeFr(m.createdAt)} (envoi en attente)`}
              </p>
              {m.text && <div style={TEXT}>{m.text}</div>}
              {m.action && (
                <p className="fr-my-2w">
                  {m.action.href.startsWith('/') ? (
                    <Link className="fr-link" href={m.action.href}>
                      {m.action.label}
                    </Link>
                  ) : (
                    <a className="fr-link" href={m.action.href} rel="noopener noreferrer">
                      {m.action.label}
                    </a>
                  )}
                </p>
              )}
              {m.actionWithheld && (
                <p className="fr-my-2w fr-text--sm">
                  <em>
                    Le lien de ce message ne fonctionne que depuis l’e-mail reçu à votre adresse : ouvrez-le depuis
                    votre messagerie.
                  </em>
                </p>
              )}
              {m.closing && <div style={TEXT}>{m.closing}</div>}
            </article>
          </li>
        ))}
      </ul>
      {messages.hasNextPage && (
        <Button
          priority="secondary"
          onClick={() => void messages.fetchNextPage()}
          disabled={messages.isFetchingNextPage}
        >
          Messages plus anciens
        </Button>
      )}
    </>
  );
}
