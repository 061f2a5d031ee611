import { loadConfig } from './config/app-config';
import { printDemoBanner } from './demo/demo-banner';
import { startBanner } from './start-banner';

/** Issue #15: with PORT=4100 and no PUBLIC_BASE_URL, everything that prints or sends an address says 4100. */
describe('addresses follow the configured port', () => {
  const config = loadConfig({ PORT: '4100' });

  it('derives the public URL from PORT when PUBLIC_BASE_URL is not set', () => {
    expect(config.port).toBe(4100);
    expect(config.publicBaseUrl).toBe('http://localhost:4100');
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
  });

  it('takes PUBLIC_BASE_URL as given when set (without its trailing slash)', () => {
    expect(loadConfig({ PORT: '4100', PUBLIC_BASE_URL: 'https://berceau.example.fr/' }).publicBaseUrl).toBe(
      'https://berceau.example.fr',
    );
  });

  it('prints the start banner with the configured port', () => {
    const line = startBanner('all', config);
    expect(line).toContain('listening on port 4100');
    expect(line).toContain('http://localhost:4100/api/docs');
    expect(line).not.toContain('3000');
  });

  it('prints the demo banner with the configured port', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      printDemoBanner(config, {
        created: true,
        admin: 'admin@demo.test',
        managers: ['m@demo.test'],
        auditor: 'caf@demo.test',
        coordinator: 'ctg@demo.test',
        staff: 'staff@demo.test',
        parents: ['p1@demo.test', 'p2@demo.test'],
      });
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('http://localhost:4100/');
    expect(text).toContain('http://localhost:4100/api/docs');
    expect(text).not.toContain('3000');
  });
});
