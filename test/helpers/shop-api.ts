/**
 * A small shop API on 127.0.0.1 that publishes its OpenAPI spec at /openapi.json, as FastAPI
 * does: log in (a bearer token), browse products, add to the cart, check out. It answers as a
 * strict API would (404 for an unknown product, 401 without the token, 422 for a body that
 * lacks a required field) and counts what it answered, by `METHOD /route` and status.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShopApi {
  url: string;
  /** Answers by `METHOD /route status`, e.g. "GET /products/{id} 200". */
  answered: Map<string, number>;
  /** Bodies of every POST /login, to prove what the file sent. */
  logins: unknown[];
  /** Every answer in order: route, status and when (epoch ms). */
  log: { route: string; status: number; at: number }[];
  close(): Promise<void>;
}

export const PRODUCTS = [1, 2, 3, 4, 5].map((id) => ({ id, name: `product ${id}`, price: id }));

export const SHOP_USER = { username: 'ada', password: 'correct horse battery staple' };

const product = { type: 'object', required: ['id', 'name', 'price'], properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' } } };

export const SHOP_SPEC = {
  openapi: '3.1.0',
  info: { title: 'Shop', version: '1.0.0' },
  paths: {
    '/health': { get: { summary: 'Health', security: [], responses: { '200': { description: 'up' } } } },
    '/login': {
      post: {
        summary: 'Log in',
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Credentials' } } } },
        responses: { '200': { description: 'a token', content: { 'application/json': { schema: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { type: 'string' } } } } } } },
      },
    },
    '/products': {
      get: {
        summary: 'List products',
        security: [],
        parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 50 } }],
        responses: { '200': { description: 'products', content: { 'application/json': { schema: { type: 'array', items: product } } } } },
      },
    },
    '/products/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 5 } }],
      get: { summary: 'One product', security: [], responses: { '200': { description: 'the product', content: { 'application/json': { schema: product } } }, '404': { description: 'no such product' } } },
    },
    '/cart': {
      get: { summary: 'The cart', responses: { '200': { description: 'the cart' } } },
      post: {
        summary: 'Add to the cart',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CartItem' } } } },
        responses: { '201': { description: 'added' } },
      },
    },
    '/cart/{item}': {
      delete: { summary: 'Remove from the cart', parameters: [{ name: 'item', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '204': { description: 'removed' } } },
    },
    '/checkout': {
      post: {
        summary: 'Check out',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['payment'], properties: { payment: { type: 'string', enum: ['card', 'invoice'] }, note: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } } } },
        responses: { '200': { description: 'ordered' } },
      },
    },
  },
  components: {
    schemas: {
      Credentials: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string', example: 'ada' }, password: { type: 'string', format: 'password' } } },
      CartItem: { type: 'object', required: ['product_id', 'quantity'], properties: { product_id: { type: 'integer', example: 2 }, quantity: { type: 'integer', minimum: 1, maximum: 10 }, gift_wrap: { type: 'boolean' } } },
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
  security: [{ bearer: [] }],
};

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function startShopApi(): Promise<ShopApi> {
  const answered = new Map<string, number>();
  const logins: unknown[] = [];
  const log: ShopApi['log'] = [];
  // A token per login, as a real API issues them: a replayed token from a recording is refused.
  const tokens = new Set<string>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop');
    const method = request.method ?? 'GET';
    const send = (route: string, status: number, body?: unknown): void => {
      if (route !== 'GET /health' && route !== 'GET /openapi.json') {
        answered.set(`${route} ${status}`, (answered.get(`${route} ${status}`) ?? 0) + 1);
        log.push({ route, status, at: Date.now() });
      }
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const authorized = tokens.has((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    void (async () => {
      const path = url.pathname;
      if (method === 'GET' && path === '/openapi.json') return send('GET /openapi.json', 200, SHOP_SPEC);
      if (method === 'GET' && path === '/health') return send('GET /health', 200, { status: 'ok' });
      if (method === 'POST' && path === '/login') {
        const body = await jsonBody(request);
        logins.push(body);
        const ok = body?.['username'] === SHOP_USER.username && body['password'] === SHOP_USER.password;
        if (!ok) return send('POST /login', 401, { detail: 'bad credentials' });
        const token = `shop-${randomUUID()}`;
        tokens.add(token);
        return send('POST /login', 200, { access_token: token, token_type: 'bearer' });
      }
      if (method === 'GET' && path === '/products') return send('GET /products', 200, PRODUCTS);
      const productMatch = /^\/products\/([^/]+)$/.exec(path);
      if (method === 'GET' && productMatch !== null) {
        const id = Number(productMatch[1]);
        return Number.isInteger(id) && id >= 1 && id <= 5 ? send('GET /products/{id}', 200, { id, name: `product ${id}`, price: id }) : send('GET /products/{id}', 404, { detail: 'no such product' });
      }
      if (path === '/cart' || path === '/checkout') {
        const route = `${method} ${path}`;
        if (!authorized) return send(route, 401, { detail: 'not authenticated' });
        if (route === 'GET /cart') return send(route, 200, { items: [] });
        const body = await jsonBody(request);
        if (route === 'POST /cart') {
          const ok = Number.isInteger(body?.['product_id']) && Number.isInteger(body?.['quantity']) && Object.keys(body ?? {}).every((k) => ['product_id', 'quantity', 'gift_wrap'].includes(k));
          return ok ? send(route, 201, { added: true }) : send(route, 422, { detail: 'product_id and quantity are required' });
        }
        if (route === 'POST /checkout') return body?.['payment'] === 'card' || body?.['payment'] === 'invoice' ? send(route, 200, { ordered: true }) : send(route, 422, { detail: 'payment is required' });
      }
      return send(`${method} other`, 404, { detail: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    logins,
    log,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
