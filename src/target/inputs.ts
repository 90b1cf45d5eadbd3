import { gramsOf } from './food.ts';
import { errorReply, type Reply } from './http-io.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export interface ChatInput {
  user_id: string;
  message: string;
}

export interface FoodInput {
  user_id: string;
  food_name: string;
  quantity: string | number;
  grams: number;
}

const MAX_USER_ID = 128;
const MAX_MESSAGE = 4000;

/** The JSON object a POST carries, or a 400 naming what is wrong with it. */
export function parseJsonObject(raw: string): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return badRequest('the request body must be valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return badRequest('the request body must be a JSON object');
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export function parseUserId(value: unknown): Parsed<string> {
  return text('user_id', value, MAX_USER_ID);
}

export function parseChat(body: Record<string, unknown>): Parsed<ChatInput> {
  const userId = parseUserId(body['user_id']);
  if (!userId.ok) return userId;
  const message = text('message', body['message'], MAX_MESSAGE);
  if (!message.ok) return message;
  return { ok: true, value: { user_id: userId.value, message: message.value } };
}

export function parseFood(body: Record<string, unknown>): Parsed<FoodInput> {
  const userId = parseUserId(body['user_id']);
  if (!userId.ok) return userId;
  const foodName = text('food_name', body['food_name'], 200);
  if (!foodName.ok) return foodName;
  const quantity = body['quantity'];
  const grams = typeof quantity === 'string' || typeof quantity === 'number' ? gramsOf(quantity) : null;
  if (grams === null || (typeof quantity !== 'string' && typeof quantity !== 'number')) {
    return badRequest('field "quantity" must be an amount such as "170g", "2 cups" or a number of grams', 'quantity');
  }
  return { ok: true, value: { user_id: userId.value, food_name: foodName.value, quantity, grams } };
}

function text(field: string, value: unknown, maxLength: number): Parsed<string> {
  if (typeof value !== 'string' || value.trim() === '') {
    return badRequest(`field "${field}" is required and must be a non-empty string`, field);
  }
  if (value.length > maxLength) {
    return badRequest(`field "${field}" must be at most ${maxLength} characters (got ${value.length})`, field);
  }
  return { ok: true, value };
}

function badRequest(message: string, field?: string): { ok: false; reply: Reply } {
  return { ok: false, reply: errorReply(400, 'bad_request', message, field) };
}
