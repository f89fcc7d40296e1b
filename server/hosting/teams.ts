// Team assignment: auto-balance (even sizes, fewest moves) and the team a late joiner gets.

export interface TeamMember {
  key: string;
  team: number;
}

/**
 * Balance `members` over `teamCount` teams: sizes differ by at most one, and a member already in
 * a team that is not over its share stays there. Members are taken in the order given (join
 * order), so the result is deterministic. teamCount 0 puts everyone in no team (-1).
 */
export function balanceTeams(members: readonly TeamMember[], teamCount: number): Map<string, number> {
  const out = new Map<string, number>();
  if (teamCount <= 0) {
    for (const m of members) out.set(m.key, -1);
    return out;
  }
  const n = members.length;
  // Team t may hold floor(n / k) members, plus one for the first n % k teams.
  const cap = Array.from({ length: teamCount }, (_, t) => Math.floor(n / teamCount) + (t < n % teamCount ? 1 : 0));
  const size = new Array<number>(teamCount).fill(0);
  const waiting: TeamMember[] = [];
  for (const m of members) {
    if (m.team >= 0 && m.team < teamCount && size[m.team] < cap[m.team]) {
      size[m.team]++;
      out.set(m.key, m.team);
    } else waiting.push(m);
  }
  for (const m of waiting) {
    const t = smallest(size, cap);
    size[t]++;
    out.set(m.key, t);
  }
  return out;
}

/** The team a newcomer joins: the smallest (lowest index on a tie); -1 without teams. */
export function teamForNewcomer(members: readonly TeamMember[], teamCount: number): number {
  if (teamCount <= 0) return -1;
  const size = new Array<number>(teamCount).fill(0);
  for (const m of members) if (m.team >= 0 && m.team < teamCount) size[m.team]++;
  return smallest(size);
}

function smallest(size: number[], cap?: number[]): number {
  let best = -1;
  for (let t = 0; t < size.length; t++) {
    if (cap && size[t] >= cap[t]) continue;
    if (best < 0 || size[t] < size[best]) best = t;
  }
  return best < 0 ? 0 : best;
}
