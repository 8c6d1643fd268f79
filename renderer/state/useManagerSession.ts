import { useAppStore } from './store';
import { canManageTeam, type SessionUser } from '../../shared/sync/protocol';

export type ManagerSession =
  | { kind: 'manager'; user: SessionUser }
  /** No sync server login: decisions are server commands, so there is nothing to decide with. */
  | { kind: 'local' }
  | { kind: 'consultant'; user: SessionUser };

/** Whether this user may decide lost requests (a manager or admin logged in to the server). */
export function useManagerSession(): ManagerSession {
  const user = useAppStore((state) => state.sync.user);
  if (user === null) return { kind: 'local' };
  return canManageTeam(user.role) ? { kind: 'manager', user } : { kind: 'consultant', user };
}
