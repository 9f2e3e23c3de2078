import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { endpoint, identityAdminClient } from '../support/clients'
import { freePort } from '../support/worker'

const DEVELOPER = 'login.security'

/**
 * The identity pools' OpenID tokens are bearer credentials for STS (the classic flow) and for
 * GetCredentialsForIdentity (the developer enhanced flow). A forger's token must open nothing:
 * one signed by a key the token itself points to (`jwk`, `jku`), one "signed" with HS256 under the
 * published public key, a token of another identity pool, and a guest's token offered where an
 * authenticated identity is needed.
 */
describe('security review 16: web identity tokens are bound to their key, pool and identity', () => {
  const region = 'us-east-1'
  const admin = { accessKeyId: inject('accessKeyId'), secretAccessKey: inject('secretAccessKey') }
  const identity = identityAdminClient()
  const sts = () => new STSClient({ region, endpoint: `${endpoint()}/sts/`, maxAttempts: 1 })
  const publicIdentity = () =>
    new CognitoIdentityClient({ region, endpoint: endpoint(), maxAttempts: 1 })
  let poolA: string
  let poolB: string
  let roleB: string
  let genuine: { identityId: string; token: string }
  let attackerJwks: Server
  let jku: string
  const attackerKey = generateKeyPair('ES256')

  const trust = (poolId: string, amr: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        },
      ],
    })

  const newPool = async (name: string) =>
    (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: name,
          AllowUnauthenticatedIdentities: true,
          AllowClassicFlow: true,
          DeveloperProviderName: DEVELOPER,
        }),
      )
    ).IdentityPoolId!

  const developerToken = async (poolId: string, user: string) => {
    const { IdentityId, Token } = await identity.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: poolId,
        Logins: { [DEVELOPER]: user },
      }),
    )
    return { identityId: IdentityId!, token: Token! }
  }

  /** What STS and the enhanced flow say to a token offered for pool B's identity. */
  async function answers(token: string, identityId: string) {
    const classic = await sts()
      .send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleB,
          RoleSessionName: 'attacker',
          WebIdentityToken: token,
        }),
      )
      .then(
        () => 'credentials',
        (e: { name: string }) => e.name,
      )
    const enhanced = await publicIdentity()
      .send(
        new GetCredentialsForIdentityCommand({
          IdentityId: identityId,
          Logins: { 'cognito-identity.amazonaws.com': token },
        }),
      )
      .then(
        () => 'credentials',
        (e: { name: string }) => e.name,
      )
    return { classic, enhanced }
  }

  beforeAll(async () => {
    poolA = await newPool(`a-${Date.now()}`)
    poolB = await newPool(`b-${Date.now()}`)
    const iam = new IAMClient({ region, endpoint: endpoint(), credentials: admin, maxAttempts: 1 })
    roleB = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: `pool-b-users-${Date.now()}`,
          AssumeRolePolicyDocument: trust(poolB, 'authenticated'),
        }),
      )
    ).Role!.Arn!
    await identity.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: poolB, Roles: { authenticated: roleB } }),
    )
    genuine = await developerToken(poolB, 'victim')
    const { publicKey } = await attackerKey
    const port = await freePort()
    jku = `http://127.0.0.1:${port}/jwks.json`
    const kid = decodeProtectedHeader(genuine.token).kid!
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
    attackerJwks = createServer((_, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] })),
    )
    await new Promise<void>((resolve) => attackerJwks.listen(port, '127.0.0.1', resolve))
  })

  afterAll(() => {
    attackerJwks?.close()
  })

  it('honours the genuine token (the control)', async () => {
    expect(await answers(genuine.token, genuine.identityId)).toEqual({
      classic: 'credentials',
      enhanced: 'credentials',
    })
  })

  it('refuses a token signed by a key its own header names (jwk, jku)', async () => {
    const { privateKey, publicKey } = await attackerKey
    const kid = decodeProtectedHeader(genuine.token).kid!
    const claims = decodeJwt(genuine.token)
    for (const header of [
      { alg: 'ES256', kid, jwk: await exportJWK(publicKey) },
      { alg: 'ES256', kid, jku },
      { alg: 'ES256', kid },
    ]) {
      const forged = await new SignJWT(claims).setProtectedHeader(header).sign(privateKey)
      expect(await answers(forged, genuine.identityId)).toEqual({
        classic: 'InvalidIdentityTokenException',
        enhanced: 'NotAuthorizedException',
      })
    }
  })

  it('refuses HS256 "signed" with the published public key', async () => {
    const jwks = (await (await fetch(`${endpoint()}/identity/.well-known/jwks.json`)).json()) as {
      keys: Record<string, string>[]
    }
    const published = jwks.keys[0]!
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    for (const secret of [JSON.stringify(published), published.x!]) {
      const head = `${encode({ alg: 'HS256', kid: published.kid })}.${encode(decodeJwt(genuine.token))}`
      const forged = `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`
      expect(await answers(forged, genuine.identityId)).toEqual({
        classic: 'InvalidIdentityTokenException',
        enhanced: 'NotAuthorizedException',
      })
    }
  })

  it('refuses another pool’s token, and a guest’s where an authenticated identity is needed', async () => {
    const outsider = await developerToken(poolA, 'victim')
    expect(await answers(outsider.token, genuine.identityId)).toEqual({
      classic: 'AccessDenied',
      enhanced: 'NotAuthorizedException',
    })
    const guestClient = publicIdentity()
    const { IdentityId } = await guestClient.send(new GetIdCommand({ IdentityPoolId: poolB }))
    const { Token } = await guestClient.send(new GetOpenIdTokenCommand({ IdentityId: IdentityId! }))
    expect(await answers(Token!, IdentityId!)).toEqual({
      classic: 'AccessDenied',
      enhanced: 'NotAuthorizedException',
    })
  })
})
