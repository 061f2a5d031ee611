import { useCallback, useRef } from 'react';

/**
 * A mutation started at most once at a time (a double tap on a tablet, a double click): `disabled={isPending}` takes
 * effect only once React has rendered again, after the second click has already fired its request. The later call is
 * dropped, so the first one's outcome is the one shown.
 */
export function useSingleFlight<V>(mutateAsync: (variables: V) => Promise<unknown>): (variables: V) => void {
  const busy = useRef(false);
  return useCallback(
    (variables: V) => {
      if (busy.current) return;
      busy.current = true;
      // The mutation keeps its error for the page to show; nothing more to do with it here.
      mutateAsync(variables)
        .catch(() => undefined)
        .finally(() => {
          busy.current = false;
        });
    },
    [mutateAsync],
  );
}
