// Who gets the imported cards. A consultant's import is always their own. A manager can assign
// by a mapped 顾问 column (names matched to the team; the user can correct each match) or deal
// the new cards out in turn (round-robin).

export type ImportUser = { id: string; name: string; login?: string; active: boolean };

export type Importer = { id: string; role: 'consultant' | 'manager' | 'admin' };

export type OwnerAssignment =
  | { mode: 'importer' }
  | {
      mode: 'column';
      users: readonly ImportUser[];
      /** The user's corrections: name as in the file → user id (null: no such consultant). */
      names?: Readonly<Record<string, string | null>>;
    }
  | { mode: 'roundRobin'; userIds: readonly string[] };

function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The active user a name in the file stands for: by display name, else by login. */
export function matchUser(name: string, users: readonly ImportUser[]): string | null {
  const wanted = normalizeName(name);
  if (wanted === '') return null;
  const active = users.filter((user) => user.active);
  const byName = active.filter((user) => normalizeName(user.name) === wanted);
  if (byName.length === 1) return byName[0]?.id ?? null;
  const byLogin = active.filter((user) => user.login && normalizeName(user.login) === wanted);
  return byLogin.length === 1 ? (byLogin[0]?.id ?? null) : null;
}

export function canAssignOwners(importer: Importer): boolean {
  return importer.role === 'manager' || importer.role === 'admin';
}
