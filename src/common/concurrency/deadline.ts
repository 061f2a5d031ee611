/**
 * `promise`, or a rejection with `message` once `ms` have passed, whichever comes first. The promise's own later
 * outcome is then ignored (the race has subscribed to it, so a late rejection is not unhandled).
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
