/**
 * One page of a ranked waitlist held whole (issue #18): filters narrow it without renumbering, a cursor resumes
 * after the last rank served. The cursor is opaque to clients: the ranking's version, its day and the last rank.
 */

export interface PageableEntry {
  readonly rank: number;
  readonly status: string;
  readonly score: number;
  readonly verifiedScore: number;
  readonly fitsNow: boolean;
  readonly atypicalHoursPerWeek: number;
}

export interface WaitlistFilters {
  readonly status?: string;
  readonly fitsNow?: boolean;
  readonly atypical?: boolean;
  readonly toVerify?: boolean;
}

export interface WaitlistCursor {
  readonly version: string;
  readonly asOf: string;
  readonly afterRank: number;
}

export function encodeCursor(c: WaitlistCursor): string {
  return Buffer.from(`${c.version}.${c.asOf}.${c.afterRank}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this API gave. */
export function decodeCursor(text: string): WaitlistCursor | null {
  const m = /^(\d{1,18})\.(\d{4}-\d{2}-\d{2})\.(\d{1,9})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return m ? { version: m[1], asOf: m[2], afterRank: Number(m[3]) } : null;
}

export function matches(e: PageableEntry, f: WaitlistFilters): boolean {
  return (
    (f.status === undefined || e.status === f.status) &&
    (f.fitsNow === undefined || e.fitsNow === f.fitsNow) &&
    (f.atypical === undefined || e.atypicalHoursPerWeek > 0 === f.atypical) &&
    (f.toVerify === undefined || e.verifiedScore < e.score === f.toVerify)
  );
}

/**
 * The entries matching `filters` after rank `afterRank` (0: from the top), at most `limit`, whether more follow,
 * and how many match in all. `ranked` is in rank order, ranks 1..n.
 */
export function pageOf<T extends PageableEntry>(
  ranked: readonly T[],
  filters: WaitlistFilters,
  afterRank: number,
  limit: number,
): { items: T[]; more: boolean; total: number } {
  const filtered = Object.values(filters).some((v) => v !== undefined);
  // Ranks are 1..n in order: the page starts at index afterRank.
  if (!filtered) {
    const items = ranked.slice(afterRank, afterRank + limit);
    return { items, more: afterRank + limit < ranked.length, total: ranked.length };
  }
  const items: T[] = [];
  let more = false;
  let total = 0;
  for (let i = 0; i < ranked.length; i += 1) {
    const e = ranked[i];
    if (!matches(e, filters)) continue;
    total += 1;
    if (i < afterRank) continue;
    if (items.length < limit) items.push(e);
    else more = true;
  }
  return { items, more, total };
}
