import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, false],
      ['', false],
      ['false', false],
      ['0', false],
      ['1', 1],
      ['2', 2],
      ['10.0.0.1, 10.0.0.0/8', ['10.0.0.1', '10.0.0.0/8']],
    ])('reads %p as %p', (value, expected) => {
      expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });

    it('refuses "true", which would let any client choose its address', () => {
      expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    });
  });
});
