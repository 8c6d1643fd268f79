// A departed consultant (离职): a team member the admin deactivated. Their customers wait for a
// manager to hand them over (转移客户) and carry a red marker wherever they are listed until then.
// The one rule every screen uses, so the reassign page, the customer list and the duplicates page
// agree on who is departed.

import type { TeamMember } from '../../shared/sync/protocol';

export function isDeparted(member: Pick<TeamMember, 'active'>): boolean {
  return !member.active;
}

/** Ids of the departed members of the team (the local copy of /v1/me's team). */
export function departedIds(team: readonly TeamMember[]): ReadonlySet<string> {
  return new Set(team.filter(isDeparted).map((member) => member.id));
}
