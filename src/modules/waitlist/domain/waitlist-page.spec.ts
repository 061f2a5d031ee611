import { decodeCursor, encodeCursor, pageOf } from './waitlist-page';

const ranked = Array.from({ length: 10 }, (_, i) => ({
  rank: i + 1,
  status: i % 3 === 0 ? 'OFFERED' : 'SUBMITTED',
  score: 100 - i,
  verifiedScore: i % 2 ? 100 - i : 50,
  fitsNow: i < 5,
  atypicalHoursPerWeek: i % 4 === 0 ? 2.5 : 0,
}));

describe('waitlist pages', () => {
  it('round-trips a cursor and refuses text it did not give', () => {
    const c = { version: '42', asOf: '2027-01-04', afterRank: 150 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('bm90IGEgY3Vyc29y')).toBeNull();
    expect(decodeCursor(Buffer.from('1.2027-01-04.x').toString('base64url'))).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('pages the whole ranking: limit, more, total', () => {
    expect(pageOf(ranked, {}, 0, 4)).toEqual({ items: ranked.slice(0, 4), more: true, total: 10 });
    expect(pageOf(ranked, {}, 8, 4)).toEqual({ items: ranked.slice(8), more: false, total: 10 });
    expect(pageOf(ranked, {}, 6, 4)).toEqual({ items: ranked.slice(6), more: false, total: 10 });
    expect(pageOf(ranked, {}, 10, 4)).toEqual({ items: [], more: false, total: 10 });
  });

  it('filters without renumbering, resuming after the last rank served', () => {
    const first = pageOf(ranked, { fitsNow: true, toVerify: true }, 0, 2);
    expect(first.items.map((e) => e.rank)).toEqual([1, 3]);
    expect(first).toMatchObject({ more: true, total: 3 });
    const next = pageOf(ranked, { fitsNow: true, toVerify: true }, 3, 2);
    expect(next).toEqual({ items: [ranked[4]], more: false, total: 3 });
    expect(pageOf(ranked, { status: 'OFFERED' }, 0, 50).items.map((e) => e.rank)).toEqual([1, 4, 7, 10]);
    expect(pageOf(ranked, { atypical: true }, 0, 50).items.map((e) => e.rank)).toEqual([1, 5, 9]);
    expect(pageOf(ranked, { atypical: false, fitsNow: false }, 0, 50).items.map((e) => e.rank)).toEqual([6, 7, 8, 10]);
  });
});
