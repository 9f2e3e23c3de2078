import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolCommandInput,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetOpenIdTokenCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { SignatureV4 } from '@smithy/signature-v4'
import { AUTH, TEST_ADMIN_KEY, testApp } from './support/app'
import { NodeSha256 } from './support/node-sha256'
import { identitySdkClient } from './support/sdk'

const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'

async function setup() {
  const app = testApp()
  const identity = identitySdkClient(app)
  const create = async (input: Partial<CreateIdentityPoolCommandInput> = {}) =>
    identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'my pool',
        AllowUnauthenticatedIdentities: true,
        ...input,
      }),
    )
  return { app, identity, create }
}

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CognitoIdentityServiceException)
      return { name: error.name, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('identity pools: CreateIdentityPool … DeleteIdentityPool', () => {
  it('creates, describes, lists, replaces and deletes a pool through the real SDK', async () => {
    const { identity, create } = await setup()
    const created = await create({
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: 'abc123' }],
      SupportedLoginProviders: { 'accounts.google.com': 'google-client' },
      DeveloperProviderName: 'login.example',
      IdentityPoolTags: { team: 'blue' },
    })
    expect(created.IdentityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/)
    expect(created).toMatchObject({
      IdentityPoolName: 'my pool',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        { ProviderName: USER_POOL, ClientId: 'abc123', ServerSideTokenCheck: false },
      ],
      SupportedLoginProviders: { 'accounts.google.com': 'google-client' },
      DeveloperProviderName: 'login.example',
      IdentityPoolTags: { team: 'blue' },
    })
    const id = created.IdentityPoolId!
    const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))
    expect(described).toMatchObject({ IdentityPoolId: id, IdentityPoolName: 'my pool' })

    // A full replace: what is left out returns to its default; the developer provider stays.
    const updated = await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: id,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: false,
      }),
    )
    expect(updated).toMatchObject({
      IdentityPoolName: 'renamed',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [],
      SupportedLoginProviders: {},
      DeveloperProviderName: 'login.example',
      IdentityPoolTags: { team: 'blue' },
    })
    expect(
      await refusal(
        identity.send(
          new UpdateIdentityPoolCommand({
            IdentityPoolId: id,
            IdentityPoolName: 'renamed',
            AllowUnauthenticatedIdentities: false,
            DeveloperProviderName: 'other.example',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' })

    const listed = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 10 }))
    expect(listed.IdentityPools).toEqual([{ IdentityPoolId: id, IdentityPoolName: 'renamed' }])

    await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }))
    expect(
      await refusal(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))),
    ).toEqual({ name: 'ResourceNotFoundException', message: `IdentityPool '${id}' not found.` })
    expect(
      (await identity.send(new ListIdentityPoolsCommand({ MaxResults: 10 }))).IdentityPools,
    ).toEqual([])
  })

  it('pages ListIdentityPools with one-query tokens', async () => {
    const { identity, create } = await setup()
    const ids = new Set<string>()
    for (let i = 0; i < 5; i++)
      ids.add((await create({ IdentityPoolName: `pool ${i}` })).IdentityPoolId!)
    const seen: string[] = []
    let token: string | undefined
    do {
      const page = await identity.send(
        new ListIdentityPoolsCommand({ MaxResults: 2, ...(token ? { NextToken: token } : {}) }),
      )
      expect(page.IdentityPools!.length).toBeLessThanOrEqual(2)
      seen.push(...page.IdentityPools!.map((p) => p.IdentityPoolId!))
      token = page.NextToken
    } while (token)
    expect(new Set(seen)).toEqual(ids)
    expect(
      await refusal(
        identity.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: 'forged' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' })
  })

  it('tags identity pools by their ARN', async () => {
    const { identity, create } = await setup()
    const id = (await create()).IdentityPoolId!
    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${id}`
    await identity.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: '1', b: '2' } }))
    await identity.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }))
    expect(
      (await identity.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
    ).toEqual({ b: '2' })
    expect(
      await refusal(
        identity.send(
          new ListTagsForResourceCommand({
            ResourceArn: `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:00000000-0000-0000-0000-000000000000`,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    expect(
      await refusal(identity.send(new TagResourceCommand({ ResourceArn: arn, Tags: tooMany }))),
    ).toMatchObject({ name: 'LimitExceededException' })
  })

  it('validates every input as the service model does', async () => {
    const { create } = await setup()
    const refusals = [
      await refusal(create({ IdentityPoolName: 'bad/name' })),
      await refusal(create({ IdentityPoolName: '' })),
      await refusal(create({ IdentityPoolName: 'x'.repeat(129) })),
      await refusal(create({ DeveloperProviderName: 'has space' })),
      await refusal(
        create({ CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: 'bad-id!' }] }),
      ),
      await refusal(create({ CognitoIdentityProviders: [{ ProviderName: USER_POOL }] })),
      await refusal(
        create({ CognitoIdentityProviders: [{ ProviderName: 'not a pool', ClientId: 'abc' }] }),
      ),
      await refusal(create({ OpenIdConnectProviderARNs: ['arn:aws:iam::000000000000:role/x'] })),
      await refusal(
        create({ SamlProviderARNs: ['arn:aws:iam::000000000000:saml-provider/corporate'] }),
      ),
    ]
    for (const r of refusals) expect(r.name).toBe('InvalidParameterException')
    expect(refusals[0]!.message).toContain(
      "Value at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    )
  })

  it('holds SupportedLoginProviders to the model on create and update: 1..128, the id pattern, 10', async () => {
    const { identity, create } = await setup()
    const ten = Object.fromEntries(
      Array.from({ length: 10 }, (_, n) => [`provider-${n}.example`, `app-${n}`]),
    )
    // The edges the model allows: a 128-character name, a 128-character id of every allowed
    // character (Twitter's `key;secret` among them), ten entries.
    const edges = {
      [`${'k'.repeat(124)}.com`]: `${'a'.repeat(120)}_.;/-AZ9`,
      'api.twitter.com': 'consumer-key;consumer-secret',
    }
    const { IdentityPoolId } = await create({ SupportedLoginProviders: edges })
    expect(
      (await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId })))
        .SupportedLoginProviders,
    ).toEqual(edges)
    await expect(create({ SupportedLoginProviders: ten })).resolves.toBeDefined()
    const refused: Record<string, Record<string, string>> = {
      'an empty name': { '': 'app' },
      'a 129-character name': { ['k'.repeat(129)]: 'app' },
      'an empty id': { 'graph.facebook.com': '' },
      'a 129-character id': { 'graph.facebook.com': 'a'.repeat(129) },
      'an id with a comma (two ids)': { 'accounts.google.com': 'one,two' },
      'an id with a space': { 'accounts.google.com': 'one two' },
      'an id with a colon': { 'www.amazon.com': 'amzn1:app' },
      'an id outside the pattern': { 'appleid.apple.com': 'com.example.app\u00e9' },
      'eleven entries': { ...ten, 'one-more.example': 'app' },
    }
    for (const [what, providers] of Object.entries(refused)) {
      const created = await refusal(create({ SupportedLoginProviders: providers }))
      expect(created.name, what).toBe('InvalidParameterException')
      const updated = await refusal(
        identity.send(
          new UpdateIdentityPoolCommand({
            IdentityPoolId,
            IdentityPoolName: 'my pool',
            AllowUnauthenticatedIdentities: true,
            SupportedLoginProviders: providers,
          }),
        ),
      )
      expect(updated.name, what).toBe('InvalidParameterException')
    }
    // A value of the wrong JSON type is the wire's SerializationException, as for every shape.
    expect(
      await refusal(
        create({ SupportedLoginProviders: { 'graph.facebook.com': 123 as unknown as string } }),
      ),
    ).toMatchObject({ name: 'SerializationException' })
    // A refused update leaves the pool as it was.
    expect(
      (await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId })))
        .SupportedLoginProviders,
    ).toEqual(edges)
  })

  it('requires SigV4 for admin operations, scoped to cognito-identity', async () => {
    const { app } = await setup()
    const body = JSON.stringify({ MaxResults: 10 })
    const headers = {
      host: '127.0.0.1:8787',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityService.ListIdentityPools',
    }
    const send = async (extra: Record<string, string>) => {
      const response = await app.fetch(`${AUTH}/`, {
        method: 'POST',
        headers: { ...headers, ...extra },
        body,
      })
      return { status: response.status, body: (await response.json()) as Record<string, string> }
    }
    const unsigned = await send({})
    expect(unsigned.status).toBe(403)
    expect(unsigned.body.__type).toBe('MissingAuthenticationTokenException')
    // Signed for the user-pools service, the same key does not open the identity-pools API.
    const signer = new SignatureV4({
      service: 'cognito-idp',
      region: 'us-east-1',
      credentials: TEST_ADMIN_KEY,
      sha256: NodeSha256,
    })
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 8787,
        path: '/',
        headers,
        body,
      },
      { signingDate: new Date(app.now()) },
    )
    const wrongService = await send(signed.headers)
    expect(wrongService.body).toMatchObject({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'cognito-identity'.",
    })
  })

  it('answers under /identity/ too, OpenID token operations included', async () => {
    const { app } = await setup()
    const prefixed = identitySdkClient(app, { endpoint: `${AUTH}/identity/` })
    const created = await prefixed.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'p',
        AllowUnauthenticatedIdentities: true,
      }),
    )
    expect(created.IdentityPoolId).toBeDefined()
    expect(
      await refusal(
        prefixed.send(new GetCredentialsForIdentityCommand({ IdentityId: 'us-east-1:abc' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
    expect(
      await refusal(prefixed.send(new GetOpenIdTokenCommand({ IdentityId: 'us-east-1:abc' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
  })
})
