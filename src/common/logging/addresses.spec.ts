import { withoutAddresses } from './addresses';

describe('withoutAddresses', () => {
  it.each([
    [
      '550 5.1.1 <lea.durand@example.fr>: Recipient address rejected',
      '550 5.1.1 <<address>>: Recipient address rejected',
    ],
    ['1 notice(s) to retry: 451 <a@b.fr>, then c.d+x@e.org', '1 notice(s) to retry: 451 <<address>>, then <address>'],
    ['connect ECONNREFUSED 127.0.0.1:2525', 'connect ECONNREFUSED 127.0.0.1:2525'],
  ])('%s', (text, cleaned) => {
    expect(withoutAddresses(text)).toBe(cleaned);
  });
});
