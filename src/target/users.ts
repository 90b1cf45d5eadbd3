import { hashString } from './random.ts';

/** What the target remembers about a user between requests. */
export interface UserState {
  xpEarned: number;
  caloriesToday: number;
  foodLogs: number;
}

/** Per-user state, bounded so a long endurance run cannot grow memory without limit. */
export class UserStore {
  readonly #capacity: number;
  readonly #users = new Map<string, UserState>();

  constructor(capacity = 200_000) {
    this.#capacity = capacity;
  }

  get(userId: string): UserState {
    let state = this.#users.get(userId);
    if (state === undefined) {
      state = { xpEarned: 0, caloriesToday: 0, foodLogs: 0 };
      this.#users.set(userId, state);
      if (this.#users.size > this.#capacity) {
        const oldest = this.#users.keys().next();
        if (oldest.done !== true) this.#users.delete(oldest.value);
      }
    }
    return state;
  }
}

/** XP as the gamification endpoint reports it: a stable base per user plus what food logging earned. */
export function xpOf(userId: string, state: UserState): { xp: number; level: number; next_level_xp: number; streak_days: number } {
  const seed = hashString(userId);
  const xp = (seed % 2000) + state.xpEarned;
  const level = Math.floor(Math.sqrt(xp / 50)) + 1;
  return { xp, level, next_level_xp: 50 * level * level, streak_days: (seed >>> 11) % 30 };
}
