import { join, resolve } from 'node:path'
import { startWorker, type RunningWorker } from './worker'

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'triggers')

/** The ARN a pool's LambdaConfig names for a method of the bound trigger Worker. */
export const functionArn = (method: string): string =>
  `arn:aws:lambda:us-east-1:123456789012:function:portcullis-test-${method}`

/**
 * Portcullis with the trigger functions of test/e2e/fixtures/triggers/functions bound as a service:
 * every ARN `functionArn(method)` reaches that method of the `Triggers` entrypoint over RPC.
 * `vars` adds settings (more TRIGGER_TARGETS entries are merged in front).
 */
export function startWorkerWithTriggers(
  options: { targets?: Record<string, unknown>; vars?: Record<string, string> } = {},
): Promise<RunningWorker> {
  return startWorker({
    configs: [join(FIXTURE, 'wrangler.toml'), join(FIXTURE, 'functions', 'wrangler.toml')],
    vars: {
      TRIGGER_TARGETS: JSON.stringify({ ...options.targets, ...bindingTargets() }),
      ...options.vars,
    },
  })
}

/** Each method of the entrypoint by its ARN. Patterns cannot name the method, so one entry each. */
function bindingTargets(): Record<string, unknown> {
  return Object.fromEntries(
    TRIGGER_METHODS.map((method) => [functionArn(method), { service: 'TRIGGERS', method }]),
  )
}

/** The methods of test/e2e/fixtures/triggers/functions/index.ts. */
const TRIGGER_METHODS = [
  'preSignUp',
  'userMigration',
  'defineAuthChallenge',
  'createAuthChallenge',
  'verifyAuthChallengeResponse',
  'preAuthentication',
  'postAuthentication',
  'preTokenGeneration',
  'postConfirmation',
  'customMessage',
  'inboundFederation',
]
