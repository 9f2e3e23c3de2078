import { GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { AUTH, TEST_ADMIN_KEY, type TestApp, testApp } from './support/app'
import { failure, trustPolicy } from './support/iam'
import { NodeSha256 } from './support/node-sha256'
import { iamClient } from './support/sdk'

const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

/** A form POSTed to `/`, signed as the SDK signs it (service iam) unless `sign` says otherwise. */
async function post(
  app: TestApp,
  body: string | Uint8Array,
  sign: { service?: string; secret?: string; keyId?: string } | false = {},
): Promise<{ status: number; type: string | null; text: string }> {
  const url = new URL(`${AUTH}/`)
  let headers: Record<string, string> = { host: url.host, 'content-type': FORM }
  if (sign) {
    const signer = new SignatureV4({
      service: sign.service ?? 'iam',
      region: 'us-east-1',
      credentials: {
        accessKeyId: sign.keyId ?? TEST_ADMIN_KEY.accessKeyId,
        secretAccessKey: sign.secret ?? TEST_ADMIN_KEY.secretAccessKey,
      },
      sha256: NodeSha256,
    })
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: 8787,
        path: '/',
        headers,
        body,
      },
      { signingDate: new Date(app.now()) },
    )
    headers = signed.headers as Record<string, string>
  }
  const response = await app.fetch(url.href, { method: 'POST', headers, body })
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  }
}

const unescapeXml = (text: string): string =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ENTITIES[name]!)
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }

/** The Code and Message of an XML error envelope, after checking its shape. */
function xmlError(text: string): { code: string; message: string; type: string } {
  expect(text).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>(Sender|Receiver)<\/Type><Code>\w+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
  )
  return {
    type: /<Type>(\w+)<\/Type>/.exec(text)![1]!,
    code: /<Code>(\w+)<\/Code>/.exec(text)![1]!,
    message: unescapeXml(/<Message>([^<]*)<\/Message>/.exec(text)![1]!),
  }
}

describe('the IAM query wire', () => {
  it('answers a signed ListRoles as XML in IAM namespace with the request id', async () => {
    const app = testApp()
    const reply = await post(app, 'Action=ListRoles&Version=2010-05-08')
    expect(reply.status).toBe(200)
    expect(reply.type).toBe('text/xml')
    expect(reply.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListRolesResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><ListRolesResult><Roles><\/Roles><IsTruncated>false<\/IsTruncated><\/ListRolesResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/ListRolesResponse>$/,
    )
  })

  it.each([
    [
      'Action=Frobnicate&Version=2010-05-08',
      400,
      'InvalidAction',
      'Could not find operation Frobnicate for version 2010-05-08',
    ],
    ['Version=2010-05-08', 400, 'MissingAction', 'The request must contain the parameter Action.'],
    [
      'Action=ListRoles',
      400,
      'MissingParameter',
      'The request must contain the parameter Version.',
    ],
    [
      'Action=ListRoles&Version=2099-01-01',
      400,
      'InvalidAction',
      'Could not find operation ListRoles for version 2099-01-01',
    ],
    [
      'Action=ListRoles&Version=2010-05-08&Marker=%FF',
      404,
      'MalformedQueryString',
      'The request body is not a well-formed form.',
    ],
    [
      'Action=ListRoles&Version=2010-05-08&Marker=%zz%',
      404,
      'MalformedQueryString',
      'The request body is not a well-formed form.',
    ],
    [
      'Action=GetRole&Version=2010-05-08',
      400,
      'ValidationError',
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    ],
    [
      'Action=ListRoles&Version=2010-05-08&MaxItems=lots',
      400,
      'ValidationError',
      "1 validation error detected: Value 'lots' at 'maxItems' failed to satisfy constraint: Member must be an integer",
    ],
    [
      'Action=hasOwnProperty&Version=2010-05-08',
      400,
      'InvalidAction',
      'Could not find operation hasOwnProperty for version 2010-05-08',
    ],
  ])('answers %s with the XML error, never a 500', async (body, status, code, message) => {
    const reply = await post(testApp(), body)
    expect(reply.status).toBe(status)
    expect(xmlError(reply.text)).toEqual({ type: 'Sender', code, message })
  })

  it('refuses a body that is not UTF-8 and one over the size limit', async () => {
    const app = testApp()
    const notUtf8 = await post(app, new Uint8Array([0x41, 0x3d, 0xff, 0xfe]))
    expect(notUtf8.status).toBe(404)
    expect(xmlError(notUtf8.text).code).toBe('MalformedQueryString')
    const huge = await post(
      app,
      `Action=ListRoles&Version=2010-05-08&Pad=${'x'.repeat(600_000)}`,
      false,
    )
    expect(huge.status).toBe(413)
    expect(xmlError(huge.text).code).toBe('RequestEntityTooLarge')
  })

  it('escapes what a caller sent when the answer repeats it', async () => {
    const app = testApp()
    const reply = await post(app, `Action=${encodeURIComponent('<x>&"\'')}&Version=2010-05-08`)
    expect(reply.status).toBe(400)
    expect(reply.text).toContain('Could not find operation &lt;x&gt;&amp;&quot;&apos; for version')
  })

  it('answers unsigned, unknown-key and wrongly signed requests as AWS does', async () => {
    const app = testApp()
    const body = 'Action=ListRoles&Version=2010-05-08'
    const unsigned = await post(app, body, false)
    expect(unsigned.status).toBe(403)
    expect(xmlError(unsigned.text)).toEqual({
      type: 'Sender',
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    })
    const unknownKey = await post(app, body, { keyId: 'AKIAUNKNOWN000000000' })
    expect(unknownKey.status).toBe(403)
    expect(xmlError(unknownKey.text)).toEqual({
      type: 'Sender',
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    })
    const wrongSecret = await post(app, body, { secret: 'not-the-secret' })
    expect(wrongSecret.status).toBe(403)
    expect(xmlError(wrongSecret.text).code).toBe('SignatureDoesNotMatch')
    // A signature for another service is not one for IAM.
    const otherService = await post(app, body, { service: 'cognito-idp' })
    expect(otherService.status).toBe(403)
    expect(xmlError(otherService.text)).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: "Credential should be scoped to correct service: 'iam'.",
    })
  })

  it('gives the SDK the errors it knows by name', async () => {
    const app = testApp()
    const stranger = iamClient(app, {
      accessKeyId: 'AKIAUNKNOWN000000000',
      secretAccessKey: 'whatever',
    })
    expect(await failure(stranger.send(new ListRolesCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    })
    const wrong = iamClient(app, { ...TEST_ADMIN_KEY, secretAccessKey: 'wrong' })
    expect(await failure(wrong.send(new GetRoleCommand({ RoleName: 'r' })))).toMatchObject({
      name: 'SignatureDoesNotMatch',
      status: 403,
    })
  })

  it('leaves the JSON API on the same route as it was', async () => {
    const app = testApp()
    const reply = await app.call('ListUserPools', { MaxResults: 1 })
    expect(reply.status).toBe(403)
    expect(await reply.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
    const pools = await app.admin('ListUserPools', { MaxResults: 1 })
    expect(pools).toEqual({ UserPools: [] })
    // And a form without an Action is still a query request, answered in XML.
    const form = await app.fetch(`${AUTH}/`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: trustPolicy(),
    })
    expect(form.headers.get('content-type')).toBe('text/xml')
  })
})
