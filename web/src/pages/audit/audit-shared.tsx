import { Button } from '@codegouvfr/react-dsfr/Button';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import type { components } from '../../api/schema';
import { navigate, useLocation } from '../../router';
import { rawFetch } from '../parent/household-shared';

export type Creche = components['schemas']['CrecheResponseDto'];

/** Every crèche, by name (the public list): an auditor checks them all. */
export function useAllCreches() {
  return useQuery({
    queryKey: ['creches', 'all'],
    queryFn: () => unwrap(api.GET('/api/creches', {})),
  });
}

/** The page's filters, kept in its address so the back button and a shared link bring them back. */
export function useFilters<K extends string>(keys: readonly K[]): Readonly<Record<K, string>> {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
}

/** Opens `pathname` with the filters given (empty ones left out). */
export function applyFilters(pathname: string, filters: Readonly<Record<string, string>>): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const query = params.toString();
  navigate(query ? `${pathname}?${query}` : pathname);
}

/** Saves a file the API serves behind the session's token (a plain link would not carry it); its name, once saved. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await rawFetch(path);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** "Page 2 sur 5" with the previous and next pages, for an offset-paged list. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav aria-label="Pagination" className="fr-mt-2w">
      <p>
        Page {page} sur {pages}
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button priority="secondary" disabled={page <= 1} onClick={() => onOffset(Math.max(0, offset - limit))}>
            Page précédente
          </Button>
        </li>
        <li>
          <Button priority="secondary" disabled={page >= pages} onClick={() => onOffset(offset + limit)}>
            Page suivante
          </Button>
        </li>
      </ul>
    </nav>
  );
}
