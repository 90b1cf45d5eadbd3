import { pick, type Random } from './random.ts';
import type { UserState } from './users.ts';

interface Topic {
  keywords: readonly string[];
  facts: readonly string[];
  tips: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    keywords: ['calorie', 'eat', 'ate', 'food', 'meal', 'diet'],
    facts: [
      'you have logged {calories} kcal today across {logs}',
      'your intake so far today is {calories} kcal',
      'today\'s log shows {calories} kcal from {logs}',
    ],
    tips: [
      'A protein-rich dinner would keep you full without overshooting your goal.',
      'Spreading meals evenly tends to keep energy steady through the afternoon.',
      'Vegetables are an easy way to add volume for very few calories.',
    ],
  },
  {
    keywords: ['protein', 'muscle'],
    facts: ['most adults do well with about 1.2 to 1.6 g of protein per kg of body weight', 'a chicken breast gives you roughly 50 g of protein'],
    tips: ['Greek yogurt or eggs make a quick protein boost at breakfast.', 'Try to include a protein source in every meal rather than one big serving.'],
  },
  {
    keywords: ['water', 'drink', 'hydrat', 'thirst'],
    facts: ['around 2 to 2.5 litres a day covers most people', 'thirst often shows up as tiredness before you notice it'],
    tips: ['Keeping a bottle on your desk makes it easier to sip regularly.', 'A glass of water with every meal is a simple habit to start with.'],
  },
  {
    keywords: ['sleep', 'tired', 'rest'],
    facts: ['seven to nine hours is the range most adults need', 'a regular bedtime matters as much as the total hours'],
    tips: ['Dimming screens an hour before bed can help you fall asleep sooner.', 'A short walk in daylight helps set your body clock.'],
  },
  {
    keywords: ['exercise', 'workout', 'walk', 'run', 'gym', 'steps'],
    facts: ['150 minutes of moderate activity a week is the common guideline', 'even ten-minute walks add up over a day'],
    tips: ['Pick an activity you enjoy; consistency beats intensity.', 'Scheduling workouts like meetings makes them easier to keep.'],
  },
];

const GENERAL: Topic = {
  keywords: [],
  facts: ['you are at level {level} with a {streak}-day streak', 'small daily habits compound over weeks'],
  tips: ['Logging meals as you eat them keeps the numbers honest.', 'Ask me about calories, protein, water, sleep or exercise any time.'],
};

const OPENERS = [
  'Good question!', 'Here is what I see:', 'Happy to help.', 'Sure thing.', 'Let me check.',
  'Great that you asked.', 'Thanks for checking in.', 'Looking at your data,', 'Alright.', 'Nice timing.',
];

const CLOSERS = [
  '', '', 'Want me to set a reminder for that?', 'Keep it up!', 'Let me know how it goes.',
  'I can break this down by meal if you like.', 'Small steps count.',
];

/** An LLM-like answer: varied wording, grounded in what the user asked and what they logged. */
export function chatReply(
  random: Random,
  message: string,
  state: UserState,
  progress: { level: number; streak_days: number },
): { response: string; topic: string; tokens: number } {
  const lower = message.toLowerCase();
  const topic = TOPICS.find((candidate) => candidate.keywords.some((word) => lower.includes(word))) ?? GENERAL;
  const fact = pick(random, topic.facts)
    .replace('{calories}', String(state.caloriesToday))
    .replace('{logs}', state.foodLogs === 1 ? '1 entry' : `${state.foodLogs} entries`)
    .replace('{level}', String(progress.level))
    .replace('{streak}', String(progress.streak_days));
  const opener = pick(random, OPENERS);
  const sentence = opener.endsWith(',') ? fact : capitalise(fact);
  const response = [opener, `${sentence}.`, pick(random, topic.tips), pick(random, CLOSERS)].filter((part) => part !== '').join(' ');
  // Roughly how a BPE tokenizer counts English: ~4 characters per token.
  const tokens = Math.max(1, Math.round(response.length / 4));
  return { response, topic: topic === GENERAL ? 'general' : (topic.keywords[0] ?? 'general'), tokens };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
