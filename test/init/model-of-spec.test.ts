/**
 * What `init --from-openapi` reads from specs shaped as real APIs write them: FastAPI's
 * OAuth2 password form, an API key in a header, the same parameter name with other values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelOfSpec } from '../../src/init/openapi/model-of-spec.ts';

const ok = { '200': { description: 'ok' } };

describe('init --from-openapi', () => {
  it("logs in with FastAPI's OAuth2 form, credentials from the environment, and sends the token as a bearer", () => {
    const spec = {
      openapi: '3.1.0',
      paths: {
        '/token': {
          post: {
            requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login' } } } },
            responses: { '200': { description: 'token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Token' } } } } },
          },
        },
        '/me': { get: { security: [{ OAuth2PasswordBearer: [] }], responses: ok } },
        '/items/': { get: { parameters: [{ name: 'q', in: 'query', required: false, schema: { anyOf: [{ type: 'string' }, { type: 'null' }] } }], responses: ok } },
      },
      components: {
        schemas: {
          Body_login: {
            type: 'object',
            required: ['username', 'password'],
            properties: {
              grant_type: { anyOf: [{ type: 'string', pattern: '^password$' }, { type: 'null' }] },
              username: { type: 'string' },
              password: { type: 'string', format: 'password' },
              client_secret: { anyOf: [{ type: 'string' }, { type: 'null' }], format: 'password' },
            },
          },
          Token: { type: 'object', required: ['access_token', 'token_type'], properties: { access_token: { type: 'string' }, token_type: { type: 'string' } } },
        },
        securitySchemes: { OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: {} } } } },
      },
    };
    const model = modelOfSpec(spec, { target: 'http://127.0.0.1:8000', source: 'openapi.json', prefix: '' });
    assert.deepEqual(model.login?.request.form, { username: '{{ $env.LOADSPEC_USERNAME }}', password: '{{ $env.LOADSPEC_PASSWORD }}' });
    assert.deepEqual(model.login?.request.captures, [{ json: '$.access_token', as: 'token' }]);
    const me = model.requests.find((r) => r.url === '/me');
    assert.deepEqual(me?.headers, { Authorization: 'Bearer {{ token }}' });
    const items = model.requests.find((r) => r.url === '/items/');
    assert.equal(items?.headers, undefined, 'an operation without security gets no token');
    assert.equal(items?.qs, undefined, 'an optional query parameter is left to the user');
  });

  it('sends an API key in the header the scheme names through the api-key plugin, and keeps lists of one name apart', () => {
    const spec = {
      openapi: '3.0.3',
      security: [{ key: [] }],
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Shop-Key' } } },
      paths: {
        '/products/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', enum: [7, 8] } }], responses: ok } },
        '/orders/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, example: 'ord-1' }], responses: ok } },
        '/search': { get: { parameters: [{ name: 'sort', in: 'query', required: true, schema: { type: 'string', enum: ['price', 'name'] } }], responses: ok } },
      },
    };
    const model = modelOfSpec(spec, { target: 'http://127.0.0.1:8000', source: 'openapi.json', prefix: '' });
    assert.deepEqual(model.apiKey, { header: 'X-Shop-Key', env: 'LOADSPEC_API_KEY' });
    assert.deepEqual(model.env.map((e) => e.name), ['LOADSPEC_API_KEY']);
    assert.deepEqual(model.variables.map((v) => [v.name, v.values]), [['id', [7, 8]], ['orders_id', ['ord-1']], ['sort', ['price', 'name']]]);
    assert.deepEqual(model.requests.map((r) => [r.url, r.qs, r.draws]), [
      ['/products/{{ id }}', undefined, ['id']],
      ['/orders/{{ orders_id }}', undefined, ['orders_id']],
      ['/search', { sort: '{{ sort }}' }, ['sort']],
    ]);
  });
});
