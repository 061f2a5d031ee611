import { nextRoundStatus, ROUND_EVENTS, ROUND_STATUSES } from './round-status';

describe('allocation round lifecycle', () => {
  it('confirms a draft', () => {
    expect(nextRoundStatus('DRAFT', 'CONFIRM')).toBe('CONFIRMED');
  });

  it('refuses to confirm a round twice', () => {
    expect(nextRoundStatus('CONFIRMED', 'CONFIRM')).toBeNull();
  });

  it('covers every status and event pair', () => {
    const pairs = ROUND_STATUSES.flatMap((s) => ROUND_EVENTS.map((e) => nextRoundStatus(s, e)));
    expect(pairs).toEqual(['CONFIRMED', null]);
  });
});
