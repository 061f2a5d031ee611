import type { AppConfig } from '../config/app-config';
import { DEMO_PASSWORD, DemoLogins } from './demo-seed';

export function printDemoBanner(config: AppConfig, logins: DemoLogins): void {
  const lines = [
    '',
    logins.created ? 'Démo Berceau chargée.' : 'Démo Berceau déjà présente (rien de modifié).',
    `  Application : ${config.publicBaseUrl}/ — API et documentation : ${config.publicBaseUrl}/api/docs`,
    '  E-mails (docker compose) : http://localhost:8025 (Mailpit)',
    `  Mot de passe de tous les comptes : ${DEMO_PASSWORD}`,
    `  Admin          : ${logins.admin}`,
    `  Gestionnaires  : ${logins.managers.join(', ')}`,
    `  Auditrice Caf  : ${logins.auditor}`,
    `  Coordination   : ${logins.coordinator}`,
    `  Équipe crèche  : ${logins.staff} (pointage)`,
    `  Parents        : ${logins.parents[0]} … ${logins.parents[logins.parents.length - 1]}`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
