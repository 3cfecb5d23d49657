/**
 * JSON Schema (draft 2020-12 subset that ajv's default draft-07 mode also accepts) of the report
 * printed by `minikubeadm init phase preflight -o json`. Scripts may rely on every field here.
 */
const advisory = {
  type: 'object',
  additionalProperties: false,
  required: ['message', 'hint'],
  properties: {
    message: { type: 'string', minLength: 1 },
    hint: { type: 'string', minLength: 1 },
  },
} as const;

const check = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'severity', 'passed', 'ignored', 'message', 'warnings', 'durationMs'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]*$' },
    severity: { enum: ['error', 'warning'] },
    passed: { type: 'boolean' },
    ignored: { type: 'boolean' },
    message: { type: 'string', minLength: 1 },
    hint: { type: 'string', minLength: 1 },
    warnings: { type: 'array', items: advisory },
    durationMs: { type: 'integer', minimum: 0 },
  },
  if: { properties: { passed: { const: false } } },
  then: { required: ['hint'] },
  else: { properties: { ignored: { const: false } } },
} as const;

export const PREFLIGHT_REPORT_SCHEMA = {
  $id: 'https://minikubeadm/schemas/preflight-report.json',
  title: 'minikubeadm preflight report',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'command', 'node', 'passed', 'summary', 'ignorePreflightErrors', 'unmatchedIgnores', 'checks'],
  properties: {
    apiVersion: { const: 'minikubeadm/v1alpha1' },
    kind: { const: 'PreflightReport' },
    command: { enum: ['init', 'join'] },
    node: { type: 'string' },
    passed: { type: 'boolean', description: 'true when no error is left after --ignore-preflight-errors; the exit code is 1 otherwise' },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['checks', 'passed', 'warnings', 'errors', 'ignored'],
      properties: {
        checks: { type: 'integer', minimum: 0 },
        passed: { type: 'integer', minimum: 0 },
        warnings: { type: 'integer', minimum: 0 },
        errors: { type: 'integer', minimum: 0 },
        ignored: { type: 'integer', minimum: 0 },
      },
    },
    ignorePreflightErrors: { type: 'array', items: { type: 'string' } },
    unmatchedIgnores: { type: 'array', items: { type: 'string' } },
    checks: { type: 'array', items: check },
  },
} as const;
