import type { ReadCache } from './cache.ts';
import { chatReply } from './chat.ts';
import { nutritionOf } from './food.ts';
import { errorReply, type Reply } from './http-io.ts';
import type { ChatInput, FoodInput } from './inputs.ts';
import type { ApiEndpoint, LatencyModel } from './latency.ts';
import type { DemoTargetOptions } from './options.ts';
import type { DbPool } from './pool.ts';
import type { Random } from './random.ts';
import { remindersOf } from './reminders.ts';
import { xpOf, type UserStore } from './users.ts';

/** Everything the /api handlers share; one per running target. */
export interface ApiState {
  options: DemoTargetOptions;
  random: Random;
  latency: LatencyModel;
  pool: DbPool;
  cache: ReadCache;
  users: UserStore;
  startedAt: number;
  /** A timer the server can cancel all at once when it stops. */
  sleep: (ms: number) => Promise<void>;
}

type Fault = 'none' | 'bad-body' | 'server-error' | 'unavailable';

const XP_PER_FOOD_LOG = 10;

export async function chat(state: ApiState, input: ChatInput): Promise<Reply> {
  return serve(state, 'chat', input.user_id, `chat:${input.user_id}`, () => {
    const user = state.users.get(input.user_id);
    const reply = chatReply(state.random, input.message, user, xpOf(input.user_id, user));
    return {
      status: 200,
      body: {
        user_id: input.user_id,
        response: reply.response,
        tokens: reply.tokens,
        topic: reply.topic,
        model: 'demo-llm-1',
        created_at: new Date().toISOString(),
      },
    };
  }, ['response', 'tokens']);
}

export async function logFood(state: ApiState, input: FoodInput): Promise<Reply> {
  // A write: never served from the cache, and it makes the cached XP stale.
  state.cache.invalidate(`xp:${input.user_id}`);
  return serve(state, 'food', input.user_id, null, () => {
    const user = state.users.get(input.user_id);
    const nutrition = nutritionOf(input.food_name, input.grams);
    user.caloriesToday += nutrition.calories;
    user.foodLogs += 1;
    user.xpEarned += XP_PER_FOOD_LOG;
    return {
      status: 201,
      body: {
        user_id: input.user_id,
        logged: {
          id: `food_${Date.now().toString(36)}_${user.foodLogs}`,
          food_name: input.food_name,
          quantity: input.quantity,
          grams: Math.round(input.grams),
          ...nutrition,
          logged_at: new Date().toISOString(),
        },
        daily_total_calories: user.caloriesToday,
        xp_awarded: XP_PER_FOOD_LOG,
      },
    };
  }, ['logged']);
}

export async function reminders(state: ApiState, userId: string): Promise<Reply> {
  return serve(state, 'reminders', userId, `reminders:${userId}`, () => {
    const list = remindersOf(userId);
    return { status: 200, body: { user_id: userId, reminders: list, count: list.length } };
  }, ['reminders']);
}

export async function xp(state: ApiState, userId: string): Promise<Reply> {
  return serve(state, 'xp', userId, `xp:${userId}`, () => {
    return { status: 200, body: { user_id: userId, ...xpOf(userId, state.users.get(userId)) } };
  }, ['xp', 'level']);
}

/**
 * The life of one /api request: maybe an injected fault, DB time under a pooled connection unless
 * the cache has the data, then processing time; `reliedOn` is what a bad body leaves out.
 */
async function serve(
  state: ApiState,
  endpoint: ApiEndpoint,
  userId: string,
  cacheKey: string | null,
  answer: () => Reply,
  reliedOn: readonly string[],
): Promise<Reply> {
  const fault = drawFault(state);
  // Overload answers fast, the way a gateway or a full queue rejects; other failures cost the full time.
  if (fault === 'unavailable') {
    return { ...errorReply(503, 'service_unavailable', 'the service is temporarily unavailable (injected by --error-rate)'), headers: { 'retry-after': '1' } };
  }
  const now = Date.now();
  const { dbMs, workMs } = state.latency.sample(endpoint, now - state.startedAt);
  const cached = cacheKey !== null && state.cache.read(cacheKey, now);
  if (!cached) {
    const connection = await state.pool.acquire();
    if (!connection.ok) {
      return errorReply(503, 'db_pool_exhausted', `no DB connection became free within ${connection.waitedMs} ms (pool size ${state.pool.size})`);
    }
    await state.sleep(dbMs);
    connection.release();
  }
  await state.sleep(workMs);
  if (fault === 'server-error') {
    return errorReply(500, 'internal_error', `the request for user ${userId} failed (injected by --error-rate)`);
  }
  const reply = answer();
  if (fault === 'bad-body' && typeof reply.body === 'object' && reply.body !== null) {
    const body: Record<string, unknown> = { ...reply.body };
    for (const field of reliedOn) delete body[field];
    return { status: 200, body: { ...body, status: 'ok' } };
  }
  return reply;
}

function drawFault(state: ApiState): Fault {
  const { errorRate, badBodyRate } = state.options;
  if (errorRate === 0 && badBodyRate === 0) return 'none';
  const draw = state.random();
  if (draw < errorRate) return draw < errorRate / 2 ? 'unavailable' : 'server-error';
  return draw < errorRate + badBodyRate ? 'bad-body' : 'none';
}
