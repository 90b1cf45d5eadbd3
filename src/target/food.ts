import { hashString } from './random.ts';

interface Nutrition {
  /** Per 100 g. */
  kcal: number;
  protein: number;
  carbs: number;
  fat: number;
}

const FOODS: Readonly<Record<string, Nutrition>> = {
  'chicken breast': { kcal: 165, protein: 31, carbs: 0, fat: 3.6 },
  rice: { kcal: 130, protein: 2.7, carbs: 28, fat: 0.3 },
  apple: { kcal: 52, protein: 0.3, carbs: 14, fat: 0.2 },
  banana: { kcal: 89, protein: 1.1, carbs: 23, fat: 0.3 },
  egg: { kcal: 155, protein: 13, carbs: 1.1, fat: 11 },
  salmon: { kcal: 208, protein: 20, carbs: 0, fat: 13 },
  broccoli: { kcal: 34, protein: 2.8, carbs: 7, fat: 0.4 },
  oatmeal: { kcal: 68, protein: 2.4, carbs: 12, fat: 1.4 },
  bread: { kcal: 265, protein: 9, carbs: 49, fat: 3.2 },
  avocado: { kcal: 160, protein: 2, carbs: 9, fat: 15 },
  yogurt: { kcal: 59, protein: 10, carbs: 3.6, fat: 0.4 },
  pasta: { kcal: 131, protein: 5, carbs: 25, fat: 1.1 },
  almonds: { kcal: 579, protein: 21, carbs: 22, fat: 50 },
  milk: { kcal: 42, protein: 3.4, carbs: 5, fat: 1 },
  cheese: { kcal: 402, protein: 25, carbs: 1.3, fat: 33 },
  potato: { kcal: 77, protein: 2, carbs: 17, fat: 0.1 },
  salad: { kcal: 20, protein: 1.5, carbs: 3.5, fat: 0.2 },
  pizza: { kcal: 266, protein: 11, carbs: 33, fat: 10 },
};

// Grams per unit; volumes count as water-dense, a serving or piece as a typical portion.
const UNIT_GRAMS: Readonly<Record<string, number>> = {
  g: 1, gram: 1, grams: 1, kg: 1000, oz: 28.35, lb: 453.6, lbs: 453.6,
  ml: 1, l: 1000, cup: 240, cups: 240, tbsp: 15, tsp: 5,
  serving: 150, servings: 150, portion: 150, portions: 150,
  piece: 100, pieces: 100, pc: 100, slice: 30, slices: 30,
};

const QUANTITY = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/** Grams in a quantity such as "170g", "2 cups" or 150 (a bare number is grams); null when unreadable. */
export function gramsOf(quantity: string | number): number | null {
  if (typeof quantity === 'number') return Number.isFinite(quantity) && quantity > 0 ? quantity : null;
  const match = QUANTITY.exec(quantity);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  // A bare count ("2") of a food reads as servings, the way people type it.
  const perUnit = unit === '' ? UNIT_GRAMS['serving'] : UNIT_GRAMS[unit];
  if (perUnit === undefined || !(amount > 0)) return null;
  return amount * perUnit;
}

/** Nutrition of a logged item; unknown foods get a plausible, stable estimate. */
export function nutritionOf(foodName: string, grams: number): { calories: number; protein_g: number; carbs_g: number; fat_g: number; estimated: boolean } {
  const key = foodName.trim().toLowerCase();
  const known = FOODS[key];
  const per100 = known ?? estimate(key);
  const factor = grams / 100;
  const round1 = (value: number): number => Math.round(value * factor * 10) / 10;
  return {
    calories: Math.round(per100.kcal * factor),
    protein_g: round1(per100.protein),
    carbs_g: round1(per100.carbs),
    fat_g: round1(per100.fat),
    estimated: known === undefined,
  };
}

function estimate(key: string): Nutrition {
  const hash = hashString(key);
  const kcal = 50 + (hash % 300);
  return { kcal, protein: (hash >>> 9) % 25, carbs: (hash >>> 14) % 40, fat: (hash >>> 19) % 20 };
}
