import { nextRoundStatus, ROUND_EVENTS, ROUND_STATUSES } from './round-status';

describe('allocation round lifecycle', () => {
  it('confirms a draft', () => {
    expect(nextRoundStatus('DRAFT', 'CONFIRM')).toBe('CONFIRMED');
  });

  it('refuses to confirm a round twice', () => {
    expect(nextRoundStatus('CONFIRMED', 'CONFIRM')).toBeNull();
  });

  it("changes a draft's exclusions, never a confirmed round's", () => {
    expect(nextRoundStatus('DRAFT', 'EXCLUDE')).toBe('DRAFT');
    expect(nextRoundStatus('CONFIRMED', 'EXCLUDE')).toBeNull();
  });

  it('covers every status and event pair', () => {
    const pairs = ROUND_STATUSES.flatMap((s) => ROUND_EVENTS.map((e) => nextRoundStatus(s, e)));
    expect(pairs).toEqual(['CONFIRMED', 'DRAFT', null, null]);
  });
});
