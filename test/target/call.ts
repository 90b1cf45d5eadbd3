// Test helper: one HTTP call to a demo target, timed, with the JSON body parsed.

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const started = performance.now();
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, ms: performance.now() - started };
}

export const chatBody = (userId: string): unknown => ({ user_id: userId, message: 'How many calories did I eat today?' });
export const foodBody = (userId: string): unknown => ({ user_id: userId, food_name: 'chicken breast', quantity: '170g' });
