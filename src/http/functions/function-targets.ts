import type { FunctionAnswer, FunctionInvoker } from '../../userpool/triggers/invoker'
import type { SigningCredentials } from '../sigv4/sign-request'
import { invokeLambda } from './lambda-invoke'
import { invokeServiceBinding } from './service-binding'
import { invokeWebhook } from './standard-webhook'

/** Where one function runs. */
export type FunctionTarget =
  | { kind: 'service'; binding: string; method: string }
  | { kind: 'webhook'; url: string }
  | { kind: 'lambda'; endpoint: string }

/** TRIGGER_TARGETS: ARN patterns (`*` matches any run of characters) to targets, first match wins. */
export interface FunctionTargets {
  routes: Array<{ pattern: string; target: FunctionTarget }>
  webhookSecret?: string
  lambdaCredentials?: SigningCredentials
}

const ARN_PATTERN = /^[\w+=/,.@:*-]{1,2048}$/

/**
 * Parses TRIGGER_TARGETS, a JSON object from ARN (or ARN pattern) to
 * `{"service": BINDING, "method"?: name}`, `{"webhook": url}` or `{"lambda": endpoint}`.
 * Returns the problems found, one line each, rather than throwing.
 */
export function parseFunctionTargets(text: string | undefined): {
  routes: FunctionTargets['routes']
  problems: string[]
} {
  const problems: string[] = []
  if (text === undefined) return { routes: [], problems }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { routes: [], problems: ['TRIGGER_TARGETS must be JSON'] }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { routes: [], problems: ['TRIGGER_TARGETS must be a JSON object from ARN to target'] }
  const routes: FunctionTargets['routes'] = []
  for (const [pattern, value] of Object.entries(parsed)) {
    const at = `TRIGGER_TARGETS["${pattern.slice(0, 80)}"]`
    if (!ARN_PATTERN.test(pattern)) {
      problems.push(`${at}: the key must be a function ARN or an ARN pattern with *`)
      continue
    }
    const target = targetOf(value)
    if (typeof target === 'string') problems.push(`${at} ${target}`)
    else routes.push({ pattern, target })
  }
  return { routes, problems }
}

function targetOf(value: unknown): FunctionTarget | string {
  if (typeof value !== 'object' || value === null) return 'must be an object'
  const entry = value as Record<string, unknown>
  const kinds = ['service', 'webhook', 'lambda'].filter((kind) => kind in entry)
  if (kinds.length !== 1) return 'must have exactly one of "service", "webhook" or "lambda"'
  if (typeof entry.service === 'string') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.service))
      return 'has a "service" that is not a binding name'
    const method = entry.method ?? 'handler'
    if (typeof method !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(method))
      return 'has a "method" that is not a method name'
    return { kind: 'service', binding: entry.service, method }
  }
  const url = typeof entry.webhook === 'string' ? entry.webhook : entry.lambda
  if (typeof url !== 'string' || !isHttpsOrLoopback(url))
    return 'must name an https URL (http only on loopback)'
  return typeof entry.webhook === 'string'
    ? { kind: 'webhook', url }
    : { kind: 'lambda', endpoint: url.replace(/\/+$/, '') }
}

function isHttpsOrLoopback(text: string): boolean {
  try {
    const url = new URL(text)
    if (url.protocol === 'https:') return true
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  } catch {
    return false
  }
}

const matches = (pattern: string, arn: string): boolean =>
  pattern.includes('*')
    ? new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ).test(arn)
    : pattern === arn

/** What Lambda answers for a function it does not hold, and so what a target that is not there is. */
const NOT_FOUND = 'ResourceNotFoundException'

/** The invoker over the configured targets and the Worker's bindings. */
export function functionInvoker(
  targets: FunctionTargets,
  bindings: Readonly<Record<string, unknown>>,
  now: () => number,
): FunctionInvoker {
  return {
    async invoke(call): Promise<FunctionAnswer> {
      const target = targets.routes.find((route) => matches(route.pattern, call.arn))?.target
      if (!target)
        return {
          kind: 'unreachable',
          reason: `no target is configured for ${call.arn} (TRIGGER_TARGETS)`,
          retryable: false,
          errorCode: NOT_FOUND,
        }
      switch (target.kind) {
        case 'service':
          if (!(target.binding in bindings))
            return {
              kind: 'unreachable',
              reason: `the Worker has no binding ${target.binding}`,
              retryable: false,
              errorCode: NOT_FOUND,
            }
          return invokeServiceBinding(bindings[target.binding], target.method, call)
        case 'webhook':
          if (!targets.webhookSecret)
            return {
              kind: 'unreachable',
              reason: 'TRIGGER_WEBHOOK_SECRET is not set',
              retryable: false,
            }
          return invokeWebhook(target.url, targets.webhookSecret, call, now())
        case 'lambda':
          if (!targets.lambdaCredentials)
            return {
              kind: 'unreachable',
              reason: 'LAMBDA_CREDENTIALS is not set',
              retryable: false,
            }
          return invokeLambda(target.endpoint, targets.lambdaCredentials, call, now())
      }
    },
  }
}
