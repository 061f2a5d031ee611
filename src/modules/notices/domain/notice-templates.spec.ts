import { escapeMarkup } from '../../../common/text/escape-markup';
import { renderAccountExists, renderWelcome } from './notice-templates';

describe('notice templates', () => {
  it('renders the welcome e-mail in French, in text and HTML, without the name the registrant typed', () => {
    const email = renderWelcome({ firstName: 'Léa', baseUrl: 'https://berceau.example' });
    expect(email.subject).toBe('Bienvenue sur Berceau');
    expect(email.text).toContain('Bonjour,');
    expect(email.text).not.toContain('Léa');
    expect(email.text).toContain('https://berceau.example/');
    expect(email.html).toContain('<html lang="fr">');
  });

  it('escapes what a user typed before putting it in HTML', () => {
    const email = renderAccountExists({ firstName: '<script>x</script>', baseUrl: 'https://b.example' });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });

  it.each([
    ['a&b', 'a&amp;b'],
    ['"q"', '&quot;q&quot;'],
    ["l'a", 'l&#39;a'],
  ])('escapeMarkup(%s) = %s', (input, output) => {
    expect(escapeMarkup(input)).toBe(output);
  });
});
