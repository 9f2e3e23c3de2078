import type { GetCredentialsForIdentityResponse } from '@aws-sdk/client-cognito-identity'
import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { AUTH } from './app'
import { syncClient } from './sdk'
import { type SessionFixture, sessionFixture } from './session-fixture'

/** A policy allowing `actions` on every sync resource of the pool (the API still keeps identities apart). */
export const syncPolicy = (
  poolId: string,
  actions: string[] = ['cognito-sync:*'],
  resource?: string,
) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: actions,
      Resource: resource ?? `arn:aws:cognito-sync:us-east-1:000000000000:identitypool/${poolId}/*`,
    },
  ],
})

export interface SyncDevice {
  identityId: string
  /** The sync client signing with this identity's session credentials. */
  sync: CognitoSyncClient
  answer: GetCredentialsForIdentityResponse
}

export interface SyncFixture extends SessionFixture {
  /** The sync client with the admin key. */
  adminSync: CognitoSyncClient
  /** A guest identity (or the identity of `logins`) and a sync client on its credentials. */
  device(logins?: Record<string, string>, identityId?: string): Promise<SyncDevice>
  /** A sync client signing with `answer`'s credentials, at `endpoint` if given. */
  syncAs(answer: GetCredentialsForIdentityResponse, endpoint?: string): CognitoSyncClient
}

/**
 * The session fixture's Worker and identity pool, its guests and signed-in identities given roles
 * that allow `cognito-sync:*` (or `policy`) on the pool's sync resources.
 */
export async function syncFixture(
  options: { policy?: object; developerProvider?: string; bindings?: Record<string, unknown> } = {},
): Promise<SyncFixture> {
  const t = await sessionFixture({
    ...(options.developerProvider ? { developerProvider: options.developerProvider } : {}),
    ...(options.bindings ? { bindings: options.bindings } : {}),
  })
  const policy = options.policy ?? syncPolicy(t.poolId)
  const guests = await t.role('sync-guests', 'unauthenticated', policy)
  const members = await t.role('sync-members', 'authenticated', policy)
  await t.setRoles({ unauthenticated: guests, authenticated: members })
  const syncAs = (answer: GetCredentialsForIdentityResponse, endpoint: string = AUTH) =>
    syncClient(t.app, {
      endpoint,
      credentials: {
        accessKeyId: answer.Credentials!.AccessKeyId!,
        secretAccessKey: answer.Credentials!.SecretKey!,
        sessionToken: answer.Credentials!.SessionToken!,
      },
    })
  return {
    ...t,
    adminSync: syncClient(t.app),
    async device(logins, identityId) {
      const session = await t.session(logins, identityId)
      return {
        identityId: session.identityId,
        sync: syncAs(session.answer),
        answer: session.answer,
      }
    },
    syncAs,
  }
}
