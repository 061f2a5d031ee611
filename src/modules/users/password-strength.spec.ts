import { DomainError } from '../../common/errors/domain-error';
import { assertStrongPassword } from './password-strength';

describe('assertStrongPassword', () => {
  it.each(['aaaaaaaaaa', 'motdepasse123', 'azertyuiop', '1234567890'])('refuses %p', (password) => {
    expect(() => assertStrongPassword(password, ['camille.martin@example.fr', 'Camille', 'Martin'])).toThrow(
      DomainError,
    );
  });

  it.each(['correct horse battery staple', 'une phrase de passe longue', 'berceau-demo-2026'])(
    'accepts %p',
    (password) => {
      expect(() => assertStrongPassword(password, [])).not.toThrow();
    },
  );
});
