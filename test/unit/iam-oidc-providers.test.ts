import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  type IAMClient,
  ListOpenIDConnectProvidersCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
} from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { failure } from './support/iam'
import { iamClient } from './support/sdk'

let iam: IAMClient
beforeEach(() => {
  iam = iamClient(testApp())
})

const ARN = 'arn:aws:iam::000000000000:oidc-provider/login.example.com/tenant'
const THUMBPRINT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280'

describe('IAM OpenID Connect providers', () => {
  it('creates a provider named by its issuer and answers it as IAM does', async () => {
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://Login.Example.com/tenant/',
        ClientIDList: ['app-one', 'app-two', 'app-one'],
        ThumbprintList: [THUMBPRINT],
        Tags: [{ Key: 'team', Value: 'auth' }],
      }),
    )
    expect(created.OpenIDConnectProviderArn).toBe(ARN)
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'auth' }])
    const got = await iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }),
    )
    expect(got).toMatchObject({
      Url: 'login.example.com/tenant',
      ClientIDList: ['app-one', 'app-two'],
      ThumbprintList: [THUMBPRINT],
      CreateDate: new Date(Date.UTC(2026, 0, 1, 12)),
      Tags: [{ Key: 'team', Value: 'auth' }],
    })
    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}))
    expect(listed.OpenIDConnectProviderList).toEqual([{ Arn: ARN }])
  })

  it('adds and removes client ids idempotently', async () => {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'https://login.example.com/tenant' }),
    )
    const ids = async () =>
      (await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN })))
        .ClientIDList ?? []
    expect(await ids()).toEqual([])
    for (let i = 0; i < 2; i++)
      await iam.send(
        new AddClientIDToOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: ARN,
          ClientID: 'a',
        }),
      )
    expect(await ids()).toEqual(['a'])
    for (let i = 0; i < 2; i++)
      await iam.send(
        new RemoveClientIDFromOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: ARN,
          ClientID: 'a',
        }),
      )
    expect(await ids()).toEqual([])
  })

  it('refuses a second provider for one issuer, a URL it will not fetch, and unknown ARNs', async () => {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'https://login.example.com/tenant' }),
    )
    expect(
      await failure(
        iam.send(
          new CreateOpenIDConnectProviderCommand({ Url: 'https://LOGIN.example.com/tenant' }),
        ),
      ),
    ).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 })
    for (const Url of ['http://login.example.com', 'https://10.0.0.1', 'https://a.example?q=1'])
      expect(
        await failure(iam.send(new CreateOpenIDConnectProviderCommand({ Url }))),
      ).toMatchObject({ name: 'InvalidInputException', status: 400 })
    expect(
      await failure(
        iam.send(
          new CreateOpenIDConnectProviderCommand({
            Url: 'https://x.example',
            ThumbprintList: ['short'],
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationError', status: 400 })
    const missing = 'arn:aws:iam::000000000000:oidc-provider/other.example.com'
    expect(
      await failure(
        iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing })),
      ),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: `OpenIDConnect Provider not found for arn ${missing}`,
    })
    expect(
      await failure(
        iam.send(
          new AddClientIDToOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: missing,
            ClientID: 'a',
          }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' })
    expect(
      await failure(
        iam.send(
          new GetOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: 'arn:aws:iam::000000000000:role/not-a-provider',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidInputException' })
  })

  it('deletes a provider, and deleting one that is gone is no error', async () => {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'https://login.example.com/tenant' }),
    )
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }))
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }))
    expect(
      (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList,
    ).toEqual([])
  })

  it('takes plain http on a loopback issuer, for local providers', async () => {
    const { OpenIDConnectProviderArn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'http://127.0.0.1:9000', ClientIDList: ['c'] }),
    )
    expect(OpenIDConnectProviderArn).toBe('arn:aws:iam::000000000000:oidc-provider/127.0.0.1:9000')
  })
})
