import type { AppConfig } from './config/app-config';

/** The line `npm start` prints once listening: the addresses come from the configuration (PORT, PUBLIC_BASE_URL). */
export function startBanner(role: string, config: Pick<AppConfig, 'port' | 'publicBaseUrl'>): string {
  return `Berceau (${role}) listening on port ${config.port}; public URL ${config.publicBaseUrl}, app at ${config.publicBaseUrl}/, API docs at ${config.publicBaseUrl}/api/docs\n`;
}
