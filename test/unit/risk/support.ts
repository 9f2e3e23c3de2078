import { AUTH, type TestApp } from '../support/app'

/** Cloudflare's `request.cf` members threat protection reads, for a request from somewhere. */
export interface EdgePlace {
  country: string
  city: string
  asn: number
  latitude: string
  longitude: string
  botManagement?: { score: number }
}

export const PARIS: EdgePlace = {
  country: 'FR',
  city: 'Paris',
  asn: 3215,
  latitude: '48.86',
  longitude: '2.35',
}
export const BERLIN: EdgePlace = {
  country: 'DE',
  city: 'Berlin',
  asn: 3320,
  latitude: '52.52',
  longitude: '13.40',
}
export const SYDNEY: EdgePlace = {
  country: 'AU',
  city: 'Sydney',
  asn: 1221,
  latitude: '-33.87',
  longitude: '151.21',
}

/** A JSON API answer, as far as these tests read it. */
export interface Answer {
  __type?: string
  message?: string
  ChallengeName?: string
  Session?: string
  AuthenticationResult?: { AccessToken: string; IdToken: string; RefreshToken?: string }
  [member: string]: unknown
}

export const json = async (response: Response) => (await response.json()) as Answer

/**
 * An unsigned JSON API call as the edge would hand it to the Worker: `cf` on the Request (as
 * `new Request(url, { cf })` makes it on Workers) and the edge's CF-Connecting-IP.
 */
export async function callFrom(
  app: TestApp,
  from: { cf?: EdgePlace; ip?: string; headers?: Record<string, string> },
  operation: string,
  body: unknown,
): Promise<Answer> {
  const request = new Request(`${AUTH}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      ...(from.ip ? { 'cf-connecting-ip': from.ip } : {}),
      ...from.headers,
    },
    body: JSON.stringify(body),
  })
  if (from.cf) Object.defineProperty(request, 'cf', { value: from.cf })
  return json(await app.fetch(request))
}

/** A pool with threat protection in `mode`, an app client, and a confirmed user with an email address. */
export async function protectedPool(
  app: TestApp,
  mode: 'OFF' | 'AUDIT' | 'ENFORCED',
  options: { mfa?: 'OFF' | 'OPTIONAL' | 'ON'; secret?: boolean; propagate?: boolean } = {},
) {
  const poolId = (
    (await app.admin('CreateUserPool', {
      PoolName: `risk-${mode}`,
      UserPoolAddOns: { AdvancedSecurityMode: mode },
    })) as { UserPool: { Id: string } }
  ).UserPool.Id
  if (options.mfa && options.mfa !== 'OFF')
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: options.mfa,
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
  const client = (
    (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ...(options.secret ? { GenerateSecret: true } : {}),
      ...(options.propagate ? { EnablePropagateAdditionalUserContextData: true } : {}),
    })) as { UserPoolClient: { ClientId: string; ClientSecret?: string } }
  ).UserPoolClient
  return { poolId, clientId: client.ClientId, clientSecret: client.ClientSecret }
}

export async function addUser(app: TestApp, poolId: string, username: string, password: string) {
  await app.admin('AdminCreateUser', {
    UserPoolId: poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
    ],
  })
  await app.admin('AdminSetUserPassword', {
    UserPoolId: poolId,
    Username: username,
    Password: password,
    Permanent: true,
  })
}

/** The claims of a JWT (not verified: the test reads what the Worker put there). */
export const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
