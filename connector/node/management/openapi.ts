/** OpenAPI 3.1 description of the management API, served at `GET /openapi.json`. */
type Json = Record<string, unknown>;

const error = { $ref: '#/components/responses/Error' };
const secured = [{ operatorToken: [] }];
const ok = (description: string, schema: Json = { type: 'object' }): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const op = (summary: string, responses: Json, extra: Json = {}): Json => ({
  summary,
  security: secured,
  responses: { ...responses, '401': error, '400': error, '500': error },
  ...extra,
});

export function managementOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kakehashi node management API',
      version: '1.0.0',
      description:
        'Operator API of one Kakehashi node (plain HTTP on loopback). Errors are typed JSON bodies `{code, message, where}` (codes in docs/errors.md).',
    },
    components: {
      securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', pattern: '^KH_[A-Z0-9_]+$' },
            message: { type: 'string' },
            where: { type: 'string' },
          },
        },
      },
      responses: {
        Error: ok('Typed error', { $ref: '#/components/schemas/Error' }),
      },
    },
    paths: {
      '/health': {
        get: { summary: 'Liveness', security: [], responses: { '200': ok('The process is up') } },
      },
      '/ready': {
        get: {
          summary: 'Readiness: Redis reachable, policies loaded, platform reachable (peers with ?peers=true)',
          security: [],
          parameters: [{ name: 'peers', in: 'query', schema: { type: 'boolean' } }],
          responses: { '200': ok('Ready'), '503': ok('Not ready') },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [],
          responses: { '200': { description: 'text exposition format', content: { 'text/plain': {} } } },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': ok('OpenAPI 3.1') } },
      },
      '/api/v1/publish': {
        post: op(
          'Run the outbound pipeline for a record version published on this platform',
          { '202': ok('Outcome per peer') },
          {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['recordId'],
                    properties: { recordId: { type: 'string' }, version: { type: 'string' } },
                  },
                },
              },
            },
          },
        ),
      },
      '/api/v1/records': {
        get: op(
          'Records sent and received by this node',
          { '200': ok('Record summaries') },
          {
            parameters: [
              { name: 'direction', in: 'query', schema: { type: 'string', enum: ['published', 'received'] } },
            ],
          },
        ),
      },
      '/api/v1/records/{recordId}': {
        get: op(
          'One record: native view, verifiable original and status',
          { '200': ok('The record'), '404': error },
          { parameters: [{ name: 'recordId', in: 'path', required: true, schema: { type: 'string' } }] },
        ),
      },
      '/api/v1/transfers': { get: op('DSP transfer processes', { '200': ok('Transfer processes') }) },
      '/api/v1/agreements': { get: op('Contract agreements', { '200': ok('Agreements') }) },
      '/api/v1/negotiations': {
        post: op(
          'As consumer: request the peer catalog, negotiate an agreement and request the push transfer',
          { '201': ok('Agreement and transfer process'), '404': error },
          {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['peerId'],
                    properties: { peerId: { type: 'string' } },
                  },
                },
              },
            },
          },
        ),
      },
      '/api/v1/dead-letters': {
        get: op('Deliveries that exhausted their attempts', { '200': ok('Dead letters') }),
      },
      '/api/v1/dead-letters/{id}/retry': {
        post: op(
          'Put a dead letter back on the delivery queue',
          { '202': ok('Requeued'), '404': error },
          { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] },
        ),
      },
      '/api/v1/policies': { get: op('Disclosure policy per peer', { '200': ok('Policies') }) },
      '/api/v1/trust': { get: op('Trusted roots, roles and CRLs', { '200': ok('Trust') }) },
      '/api/v1/audit': {
        get: op(
          'Latest audit entries (no withheld values, only term names)',
          { '200': ok('Audit entries') },
          {
            parameters: [
              { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000 } },
            ],
          },
        ),
      },
    },
  };
}
