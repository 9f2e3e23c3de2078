import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity'
import { inject } from 'vitest'
import type { RunningWorker } from './worker'

export const endpoint = (): string => inject('endpoint')

/** A Worker a test file started itself (`startWorker`), rather than the suite's shared one. */
type OwnWorker = Pick<RunningWorker, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>

/** The unmodified AWS SDK client, signed with the worker's admin key pair (the shared worker's by default). */
export function adminClient(worker?: OwnWorker): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: worker?.endpoint ?? inject('endpoint'),
    region: 'us-east-1',
    credentials: worker
      ? { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey }
      : { accessKeyId: inject('accessKeyId'), secretAccessKey: inject('secretAccessKey') },
    maxAttempts: 1,
  })
}

/** The unmodified identity-pools SDK client, signed with the worker's admin key pair. */
export function identityAdminClient(options: { endpoint?: string } = {}): CognitoIdentityClient {
  return new CognitoIdentityClient({
    endpoint: options.endpoint ?? inject('endpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: inject('accessKeyId'), secretAccessKey: inject('secretAccessKey') },
    maxAttempts: 1,
  })
}

/** The SDK with credentials nobody configured: public operations only (SigV4 ones must fail). */
export function publicClient(worker?: Pick<OwnWorker, 'endpoint'>): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: worker?.endpoint ?? inject('endpoint'),
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAUNKNOWN000000000',
      secretAccessKey: 'not-a-configured-secret',
    },
    maxAttempts: 1,
  })
}

const unique = () => Math.random().toString(36).slice(2, 10)

/** Creates a pool (with overrides) and returns its id. */
export async function createPool(
  overrides: Partial<CreateUserPoolCommandInput> = {},
): Promise<string> {
  const out = await adminClient().send(
    new CreateUserPoolCommand({ PoolName: `e2e-${unique()}`, ...overrides }),
  )
  return out.UserPool!.Id!
}

/** Creates an app client allowing password sign-in and refresh; returns id (and secret if asked). */
export async function createAppClient(
  userPoolId: string,
  overrides: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<{ clientId: string; clientSecret?: string }> {
  const out = await adminClient().send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: `client-${unique()}`,
      ExplicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        'ALLOW_USER_SRP_AUTH',
      ],
      ...overrides,
    }),
  )
  return {
    clientId: out.UserPoolClient!.ClientId!,
    ...(out.UserPoolClient!.ClientSecret ? { clientSecret: out.UserPoolClient!.ClientSecret } : {}),
  }
}

export interface OutboxMessage {
  poolId: string
  username: string
  purpose: string
  medium: string
  destination: string
  body: string
  code?: string
}

/** Messages the worker sent for a pool (development outbox, enabled in e2e). */
export async function outbox(userPoolId: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${inject('endpoint')}/_dev/outbox/${userPoolId}`)
  return ((await response.json()) as { messages: OutboxMessage[] }).messages
}

/** Sends a raw JSON 1.1 request (unsigned), for wire-level tests. */
export async function rawCall(
  target: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${inject('endpoint')}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      ...headers,
    },
    body,
  })
  const text = await response.text()
  return {
    status: response.status,
    json: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  }
}

export const uniqueName = unique
