import { hashString } from './random.ts';

/** One reminder as GET /api/v1/reminders lists it. */
export interface Reminder {
  id: string;
  type: 'medication' | 'water' | 'meal' | 'exercise' | 'sleep';
  message: string;
  time: string;
  days: string[];
  enabled: boolean;
}

const TEMPLATES: ReadonlyArray<Omit<Reminder, 'id' | 'enabled'>> = [
  { type: 'medication', message: 'Take vitamin D with breakfast', time: '08:00', days: ['daily'] },
  { type: 'water', message: 'Drink a glass of water', time: '10:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  { type: 'meal', message: 'Log your lunch', time: '12:30', days: ['daily'] },
  { type: 'exercise', message: 'Evening walk, 30 minutes', time: '18:00', days: ['mon', 'wed', 'fri'] },
  { type: 'water', message: 'Refill your bottle', time: '15:00', days: ['daily'] },
  { type: 'meal', message: 'Plan tomorrow\'s meals', time: '20:00', days: ['sun'] },
  { type: 'sleep', message: 'Screens off, time to wind down', time: '22:30', days: ['daily'] },
  { type: 'medication', message: 'Blood pressure tablet', time: '21:00', days: ['daily'] },
];

/** A stable list per user (2 to 5 reminders) so repeated reads return the same data. */
export function remindersOf(userId: string): Reminder[] {
  const seed = hashString(userId);
  const count = 2 + (seed % 4);
  const reminders: Reminder[] = [];
  for (let i = 0; i < count; i++) {
    const template = TEMPLATES[(seed + i * 3) % TEMPLATES.length];
    if (template === undefined) continue;
    reminders.push({ id: `rem_${(seed % 100_000).toString(36)}_${i + 1}`, ...template, enabled: ((seed >>> i) & 7) !== 0 });
  }
  return reminders;
}
