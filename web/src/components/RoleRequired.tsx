import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { ReactNode } from 'react';
import { frenchError } from '../api/errors-fr';
import { type Role, useMe } from '../me';

/** Renders its children for an account of one of `roles` (inside the sign-in gate); tells the others they may not. */
export function RoleRequired({
  title,
  roles,
  children,
}: {
  title: string;
  roles: readonly Role[];
  children: ReactNode;
}) {
  const me = useMe();
  if (me.data && roles.includes(me.data.role)) return <>{children}</>;
  return (
    <>
      <h1>{title}</h1>
      {me.isPending ? (
        <p>Chargement…</p>
      ) : me.error ? (
        <Alert severity="error" small description={frenchError(me.error)} />
      ) : (
        <p>Vous n'avez pas accès à cette page.</p>
      )}
    </>
  );
}
