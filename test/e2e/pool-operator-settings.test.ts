import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteTermsCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  DescribeTermsCommand,
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  ListTermsCommand,
  SetLogDeliveryConfigurationCommand,
  UpdateManagedLoginBrandingCommand,
  UpdateTermsCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, uniqueName } from './support/clients'

describe('operator settings: domain updates, managed-login styles, terms, log delivery', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
  })

  it('UpdateUserPoolDomain changes the ManagedLoginVersion and a custom domain certificate', async () => {
    const prefix = `ops-${uniqueName()}`
    await adminClient().send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }),
    )
    const updated = await adminClient().send(
      new UpdateUserPoolDomainCommand({
        UserPoolId: poolId,
        Domain: prefix,
        ManagedLoginVersion: 2,
      }),
    )
    expect(updated.ManagedLoginVersion).toBe(2)
    const described = await adminClient().send(
      new DescribeUserPoolDomainCommand({ Domain: prefix }),
    )
    expect(described.DomainDescription?.ManagedLoginVersion).toBe(2)
    await expect(
      adminClient().send(
        new UpdateUserPoolDomainCommand({
          UserPoolId: poolId,
          Domain: prefix,
          ManagedLoginVersion: 7,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new UpdateUserPoolDomainCommand({
          UserPoolId: poolId,
          Domain: prefix,
          CustomDomainConfig: {
            CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'not-this-pools' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })

    const customPool = await createPool()
    const custom = `auth-${uniqueName()}.example.com`
    await adminClient().send(
      new CreateUserPoolDomainCommand({
        UserPoolId: customPool,
        Domain: custom,
        CustomDomainConfig: {
          CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/one',
        },
      }),
    )
    const renewed = await adminClient().send(
      new UpdateUserPoolDomainCommand({
        UserPoolId: customPool,
        Domain: custom,
        CustomDomainConfig: {
          CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/two',
          SecurityPolicy: 'TLS_V1_2_2021',
        },
      }),
    )
    expect(renewed.CloudFrontDomain).toBe(custom)
    const customDescribed = await adminClient().send(
      new DescribeUserPoolDomainCommand({ Domain: custom }),
    )
    expect(customDescribed.DomainDescription?.CustomDomainConfig?.CertificateArn).toMatch(/two$/)
  })

  it('keeps one managed-login style per client, returned as stored', async () => {
    const settings = {
      components: { primaryButton: { lightMode: { defaults: { backgroundColor: '0972d3ff' } } } },
    }
    const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const created = await adminClient().send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        Settings: settings,
        Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: logo }],
      }),
    )
    const style = created.ManagedLoginBranding!
    expect(style.ManagedLoginBrandingId).toMatch(/^[0-9a-f-]{36}$/)
    expect(style.Settings).toEqual(settings)
    expect(style.UseCognitoProvidedValues).toBe(false)
    expect(style.Assets?.[0]?.Bytes).toEqual(logo)
    await expect(
      adminClient().send(
        new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId }),
      ),
    ).rejects.toMatchObject({ name: 'ManagedLoginBrandingExistsException' })

    const byClient = await adminClient().send(
      new DescribeManagedLoginBrandingByClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ReturnMergedResources: true,
      }),
    )
    expect(byClient.ManagedLoginBranding?.ManagedLoginBrandingId).toBe(style.ManagedLoginBrandingId)
    const updated = await adminClient().send(
      new UpdateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ManagedLoginBrandingId: style.ManagedLoginBrandingId,
        UseCognitoProvidedValues: true,
      }),
    )
    expect(updated.ManagedLoginBranding).toMatchObject({
      UseCognitoProvidedValues: true,
      Assets: [],
    })
    expect(updated.ManagedLoginBranding?.Settings).toBeUndefined()
    await expect(
      adminClient().send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: style.ManagedLoginBrandingId,
          UseCognitoProvidedValues: true,
          Settings: settings,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await adminClient().send(
      new DeleteManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ManagedLoginBrandingId: style.ManagedLoginBrandingId!,
      }),
    )
    await expect(
      adminClient().send(
        new DescribeManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: style.ManagedLoginBrandingId!,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      adminClient().send(
        new DescribeManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: 'not-a-uuid',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          Assets: [{ Category: 'NOT_A_CATEGORY', ColorMode: 'LIGHT', Extension: 'PNG' } as never],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('stores terms per client and name, lists and updates them', async () => {
    const created = await adminClient().send(
      new CreateTermsCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: {
          'cognito:english': 'https://example.com/terms',
          'cognito:french': 'https://example.com/fr/terms',
        },
      }),
    )
    const terms = created.Terms!
    expect(terms).toMatchObject({
      ClientId: clientId,
      TermsName: 'terms-of-use',
      Enforcement: 'NONE',
    })
    expect(terms.CreationDate).toBeInstanceOf(Date)
    await expect(
      adminClient().send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          TermsName: 'terms-of-use',
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { 'cognito:default': 'https://example.com/t' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'TermsExistsException' })
    await expect(
      adminClient().send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          TermsName: 'privacy-policy',
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { 'cognito:klingon': 'https://example.com/p' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          TermsName: 'privacy-policy',
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { 'cognito:default': 'javascript:alert(1)' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const privacy = await adminClient().send(
      new CreateTermsCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        TermsName: 'privacy-policy',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/privacy' },
      }),
    )
    const page = await adminClient().send(
      new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1 }),
    )
    expect(page.Terms).toHaveLength(1)
    const next = await adminClient().send(
      new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: page.NextToken! }),
    )
    expect([...page.Terms!, ...next.Terms!].map((t) => t.TermsId).sort()).toEqual(
      [terms.TermsId, privacy.Terms!.TermsId].sort(),
    )
    // Renaming onto a name the client uses is refused.
    await expect(
      adminClient().send(
        new UpdateTermsCommand({
          UserPoolId: poolId,
          TermsId: terms.TermsId!,
          TermsName: 'privacy-policy',
        }),
      ),
    ).rejects.toMatchObject({ name: 'TermsExistsException' })
    const updated = await adminClient().send(
      new UpdateTermsCommand({
        UserPoolId: poolId,
        TermsId: terms.TermsId!,
        Links: { 'cognito:default': 'https://example.com/terms-v2' },
      }),
    )
    expect(updated.Terms?.Links).toEqual({ 'cognito:default': 'https://example.com/terms-v2' })
    await adminClient().send(
      new DeleteTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId! }),
    )
    await expect(
      adminClient().send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId! })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('keeps and returns the log-delivery configuration, as Cognito checks it', async () => {
    const empty = await adminClient().send(
      new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }),
    )
    expect(empty.LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations: [] })
    const configurations = [
      {
        LogLevel: 'ERROR' as const,
        EventSource: 'userNotification' as const,
        CloudWatchLogsConfiguration: {
          LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cognito-errors',
        },
      },
      {
        LogLevel: 'INFO' as const,
        EventSource: 'userAuthEvents' as const,
        S3Configuration: { BucketArn: 'arn:aws:s3:::auth-events-bucket' },
      },
    ]
    const set = await adminClient().send(
      new SetLogDeliveryConfigurationCommand({
        UserPoolId: poolId,
        LogConfigurations: configurations,
      }),
    )
    expect(set.LogDeliveryConfiguration?.LogConfigurations).toEqual(configurations)
    const got = await adminClient().send(
      new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }),
    )
    expect(got.LogDeliveryConfiguration?.LogConfigurations).toEqual(configurations)
    await expect(
      adminClient().send(
        new SetLogDeliveryConfigurationCommand({
          UserPoolId: poolId,
          LogConfigurations: [
            {
              LogLevel: 'INFO',
              EventSource: 'userNotification',
              CloudWatchLogsConfiguration: {
                LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId } as never)),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})
