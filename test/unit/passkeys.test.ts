import { beforeEach, describe, expect, it } from 'vitest'
import { APP, testApp, type TestApp } from './support/app'
import { SoftwarePasskey, type Tampering } from './support/passkey-authenticator'

const PASSWORD = 'Passkey-Unit-Pass-42'
// biome-ignore lint/suspicious/noExplicitAny: the tests read Cognito's JSON answers loosely.
type Json = Record<string, any>
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Json,
})

/**
 * Passkeys through the JSON API, in process, with a software authenticator whose signatures are
 * real (node:crypto P-256): registration, USER_AUTH sign-in, and the attacks on both.
 */
describe('passkeys and USER_AUTH (JSON API, in process)', () => {
  let app: TestApp
  let poolId: string
  let clientId: string

  const createPool = async (name: string, factors = ['PASSWORD', 'WEB_AUTHN']) => {
    const id = (
      (await app.admin('CreateUserPool', {
        PoolName: name,
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: id,
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
    })
    return id
  }
  const createClient = async (pool: string) =>
    (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: pool,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
  const createUser = async (pool: string, username: string) => {
    await app.admin('AdminCreateUser', {
      UserPoolId: pool,
      Username: username,
      MessageAction: 'SUPPRESS',
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: pool,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    })
  }
  const passwordTokens = async (client: string, username: string) => {
    const { status, body } = await json(
      await app.call('InitiateAuth', {
        ClientId: client,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
      }),
    )
    expect(status, JSON.stringify(body)).toBe(200)
    return body.AuthenticationResult.AccessToken as string
  }
  const startRegistration = async (token: string) =>
    json(await app.call('StartWebAuthnRegistration', { AccessToken: token }))
  const register = async (token: string, passkey: SoftwarePasskey, tamper: Tampering = {}) => {
    const start = await startRegistration(token)
    expect(start.status, JSON.stringify(start.body)).toBe(200)
    const credential = passkey.create(start.body.CredentialCreationOptions, tamper)
    return {
      credential,
      ...(await json(
        await app.call('CompleteWebAuthnRegistration', {
          AccessToken: token,
          Credential: credential,
        }),
      )),
    }
  }
  const passkeyChallenge = async (client: string, username: string) => {
    const { status, body } = await json(
      await app.call('InitiateAuth', {
        ClientId: client,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      }),
    )
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.ChallengeName).toBe('WEB_AUTHN')
    return {
      options: JSON.parse(body.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS),
      session: body.Session,
    }
  }
  const answer = async (client: string, username: string, session: string, credential: unknown) =>
    json(
      await app.call('RespondToAuthChallenge', {
        ClientId: client,
        ChallengeName: 'WEB_AUTHN',
        Session: session,
        ChallengeResponses: {
          USERNAME: username,
          CREDENTIAL: typeof credential === 'string' ? credential : JSON.stringify(credential),
        },
      }),
    )

  let token: string
  let passkey: SoftwarePasskey

  beforeEach(async () => {
    app = testApp()
    poolId = await createPool('passkeys')
    clientId = await createClient(poolId)
    await createUser(poolId, 'pat')
    token = await passwordTokens(clientId, 'pat')
    passkey = new SoftwarePasskey(APP)
  })

  it('registers a passkey, lists it, and signs in with it (preferred and selected)', async () => {
    const start = await startRegistration(token)
    const options = start.body.CredentialCreationOptions
    expect(options.rp).toEqual({ id: 'localhost', name: 'passkeys' })
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    })
    const done = await register(token, passkey)
    expect(done.status, JSON.stringify(done.body)).toBe(200)

    const listed = await json(await app.call('ListWebAuthnCredentials', { AccessToken: token }))
    expect(listed.body.Credentials).toEqual([
      expect.objectContaining({
        CredentialId: passkey.credentialId,
        RelyingPartyId: 'localhost',
        AuthenticatorAttachment: 'platform',
        AuthenticatorTransports: ['internal'],
        CreatedAt: Math.floor(app.now() / 1000),
      }),
    ])
    const factors = await json(await app.call('GetUserAuthFactors', { AccessToken: token }))
    expect(factors.body.ConfiguredUserAuthFactors).toEqual(['PASSWORD', 'WEB_AUTHN'])

    const preferred = await passkeyChallenge(clientId, 'pat')
    expect(preferred.options.rpId).toBe('localhost')
    expect(preferred.options.allowCredentials).toEqual([
      { id: passkey.credentialId, type: 'public-key', transports: ['internal'] },
    ])
    const signedIn = await answer(
      clientId,
      'pat',
      preferred.session,
      passkey.get(preferred.options),
    )
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200)
    expect(signedIn.body.AuthenticationResult.AccessToken).toBeTruthy()

    const select = await json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'pat' },
      }),
    )
    expect(select.body.ChallengeName).toBe('SELECT_CHALLENGE')
    expect(select.body.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN'])
    const chosen = await json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.body.Session,
        ChallengeResponses: { USERNAME: 'pat', ANSWER: 'WEB_AUTHN' },
      }),
    )
    expect(chosen.body.ChallengeName).toBe('WEB_AUTHN')
    const selected = JSON.parse(chosen.body.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS)
    const again = await answer(clientId, 'pat', chosen.body.Session, passkey.get(selected))
    expect(again.body.AuthenticationResult.IdToken).toBeTruthy()
  })

  it('deletes a user with its passkeys; a user created again under the name has none', async () => {
    expect((await register(token, passkey)).status).toBe(200)
    expect((await register(token, new SoftwarePasskey(APP))).status).toBe(200)
    const stores = app.runtime.services.stores
    const passkeysStored = async () => {
      let count = 0
      for (let partition = 0; partition < 3; partition++)
        count += await stores.directory(poolId, partition).count('webauthn:')
      return count
    }
    expect(await passkeysStored()).toBe(2)
    await app.admin('AdminDeleteUser', { UserPoolId: poolId, Username: 'pat' })
    expect(await passkeysStored()).toBe(0)

    await createUser(poolId, 'pat')
    const again = await passwordTokens(clientId, 'pat')
    expect((await register(again, new SoftwarePasskey(APP))).status).toBe(200)
    expect(await passkeysStored()).toBe(1)
    const selfDeleted = await app.call('DeleteUser', { AccessToken: again })
    expect(selfDeleted.status).toBe(200)
    expect(await passkeysStored()).toBe(0)
  })

  it('turns passkey MFA on only as the model allows, and then requires user verification', async () => {
    expect((await register(token, passkey)).status).toBe(200)
    const poolMfa = (FactorConfiguration: string) =>
      app.admin('SetUserPoolMfaConfig', {
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: {
          SmsAuthenticationMessage: 'Your code is {####}',
          SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms' },
        },
        WebAuthnConfiguration: {
          RelyingPartyId: 'localhost',
          UserVerification: 'preferred',
          FactorConfiguration,
        },
      })
    await poolMfa('SINGLE_FACTOR')
    await app.admin('AdminUpdateUserAttributes', {
      UserPoolId: poolId,
      Username: 'pat',
      UserAttributes: [{ Name: 'phone_number', Value: '+15555550177' }],
    })
    const prefer = async (body: Json) =>
      json(await app.call('SetUserMFAPreference', { AccessToken: token, ...body }))
    const signIn = async (tamper: Tampering) => {
      const challenge = await passkeyChallenge(clientId, 'pat')
      const answered = await answer(
        clientId,
        'pat',
        challenge.session,
        passkey.get(challenge.options, tamper),
      )
      return { requested: challenge.options.userVerification, ...answered }
    }

    const singleFactor = await prefer({ WebAuthnMfaSettings: { Enabled: true } })
    expect(singleFactor.body.__type).toBe('InvalidParameterException')
    expect(singleFactor.body.message).toContain('MULTI_FACTOR_WITH_USER_VERIFICATION')
    await poolMfa('MULTI_FACTOR_WITH_USER_VERIFICATION')
    const alone = await prefer({ WebAuthnMfaSettings: { Enabled: true } })
    expect(alone.body.__type).toBe('InvalidParameterException')
    expect(alone.body.message).toContain('another MFA factor')

    const presenceOnly = await signIn({ noUserVerification: true })
    expect(presenceOnly.requested).toBe('preferred')
    expect(presenceOnly.status, JSON.stringify(presenceOnly.body)).toBe(200)

    const on = await prefer({
      SMSMfaSettings: { Enabled: true },
      WebAuthnMfaSettings: { Enabled: true },
    })
    expect(on.status, JSON.stringify(on.body)).toBe(200)
    const refused = await signIn({ noUserVerification: true })
    expect(refused.requested).toBe('required')
    expect(refused.body.__type).toBe('NotAuthorizedException')
    const verified = await signIn({})
    expect(verified.body.AuthenticationResult.AccessToken).toBeTruthy()

    expect((await prefer({ WebAuthnMfaSettings: { Enabled: false } })).status).toBe(200)
    expect((await signIn({ noUserVerification: true })).status).toBe(200)
  })

  it('answers PASSWORD through SELECT_CHALLENGE, and refuses a choice not offered', async () => {
    const select = await json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'pat', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      }),
    )
    // No passkey yet: the preferred choice is not available, so the choices are listed.
    expect(select.body.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP'])
    const refused = await json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.body.Session,
        ChallengeResponses: { USERNAME: 'pat', ANSWER: 'WEB_AUTHN' },
      }),
    )
    expect(refused.body.__type).toBe('InvalidParameterException')
    const signedIn = await json(
      await app.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.body.Session,
        ChallengeResponses: { USERNAME: 'pat', ANSWER: 'PASSWORD', PASSWORD },
      }),
    )
    expect(signedIn.body.AuthenticationResult.AccessToken).toBeTruthy()
  })

  it('refuses USER_AUTH to a client without ALLOW_USER_AUTH', async () => {
    const other = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'srp-only',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    const { body } = await json(
      await app.call('InitiateAuth', {
        ClientId: other,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'pat' },
      }),
    )
    expect(body.__type).toBe('InvalidParameterException')
  })

  it('asks for MFA after a passkey where the pool requires it, unless the passkey counts as MFA', async () => {
    expect((await register(token, passkey)).status).toBe(200)
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    const first = await passkeyChallenge(clientId, 'pat')
    const owed = await answer(clientId, 'pat', first.session, passkey.get(first.options))
    expect(owed.body.ChallengeName).toBe('MFA_SETUP')
    expect(owed.body.AuthenticationResult).toBeUndefined()

    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      WebAuthnConfiguration: {
        RelyingPartyId: 'localhost',
        UserVerification: 'required',
        FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
      },
    })
    const mfa = await app.admin('GetUserPoolMfaConfig', { UserPoolId: poolId })
    expect(mfa.WebAuthnConfiguration).toEqual({
      RelyingPartyId: 'localhost',
      UserVerification: 'required',
      FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    })
    const second = await passkeyChallenge(clientId, 'pat')
    const signedIn = await answer(clientId, 'pat', second.session, passkey.get(second.options))
    expect(signedIn.body.AuthenticationResult.AccessToken).toBeTruthy()
  })

  describe('registration attacks', () => {
    it('refuses a replayed registration challenge and an expired one', async () => {
      const start = await startRegistration(token)
      const first = passkey.create(start.body.CredentialCreationOptions)
      const ok = await json(
        await app.call('CompleteWebAuthnRegistration', { AccessToken: token, Credential: first }),
      )
      expect(ok.status).toBe(200)
      const second = new SoftwarePasskey(APP).create(start.body.CredentialCreationOptions)
      const replay = await json(
        await app.call('CompleteWebAuthnRegistration', { AccessToken: token, Credential: second }),
      )
      expect(replay.body.__type).toBe('WebAuthnChallengeNotFoundException')

      const late = await startRegistration(token)
      app.advance(5 * 60_000 + 1)
      const lapsed = await json(
        await app.call('CompleteWebAuthnRegistration', {
          AccessToken: await passwordTokens(clientId, 'pat'),
          Credential: new SoftwarePasskey(APP).create(late.body.CredentialCreationOptions),
        }),
      )
      expect(lapsed.body.__type).toBe('WebAuthnChallengeNotFoundException')
    })

    it('refuses a wrong origin, a wrong relying party and another client', async () => {
      expect((await register(token, passkey, { origin: 'https://evil.example' })).body.__type).toBe(
        'WebAuthnOriginNotAllowedException',
      )
      expect((await register(token, passkey, { rpId: 'evil.example' })).body.__type).toBe(
        'WebAuthnRelyingPartyMismatchException',
      )
      expect((await register(token, passkey, { type: 'webauthn.get' })).body.__type).toBe(
        'InvalidParameterException',
      )
      const start = await startRegistration(token)
      const otherClient = await createClient(poolId)
      const otherToken = await passwordTokens(otherClient, 'pat')
      const mismatch = await json(
        await app.call('CompleteWebAuthnRegistration', {
          AccessToken: otherToken,
          Credential: passkey.create(start.body.CredentialCreationOptions),
        }),
      )
      expect(mismatch.body.__type).toBe('WebAuthnClientMismatchException')
    })

    it('refuses another user’s registration challenge', async () => {
      await createUser(poolId, 'mallory')
      const malloryToken = await passwordTokens(clientId, 'mallory')
      const start = await startRegistration(token)
      const { body } = await json(
        await app.call('CompleteWebAuthnRegistration', {
          AccessToken: malloryToken,
          Credential: passkey.create(start.body.CredentialCreationOptions),
        }),
      )
      expect(body.__type).toBe('WebAuthnChallengeNotFoundException')
    })

    it('refuses without user verification where the pool requires it', async () => {
      const { body } = await register(token, passkey, { noUserVerification: true })
      expect(body.__type).toBe('WebAuthnCredentialNotSupportedException')
    })

    it('answers malformed and huge credentials with typed errors', async () => {
      const start = await startRegistration(token)
      const good = passkey.create(start.body.CredentialCreationOptions)
      for (const credential of [
        {},
        { ...good, rawId: 'other' },
        { ...good, response: { ...good.response, attestationObject: 'not base64url!' } },
        { ...good, response: { ...good.response, attestationObject: 'AAAA' } },
        { ...good, response: { ...good.response, clientDataJSON: 'e30' } },
        { ...good, padding: 'x'.repeat(200_000) },
      ]) {
        const { status, body } = await json(
          await app.call('CompleteWebAuthnRegistration', {
            AccessToken: token,
            Credential: credential,
          }),
        )
        expect(status, JSON.stringify(body).slice(0, 300)).toBe(400)
        expect(body.__type).toMatch(
          /^(InvalidParameterException|WebAuthnCredentialNotSupportedException)$/,
        )
      }
    })

    it('refuses registration where passkeys are not enabled or no relying party can be named', async () => {
      const passwordOnly = await createPool('password-only', ['PASSWORD'])
      const client = await createClient(passwordOnly)
      await createUser(passwordOnly, 'pat')
      const refused = await startRegistration(await passwordTokens(client, 'pat'))
      expect(refused.body.__type).toBe('WebAuthnNotEnabledException')

      const unnamed = (
        (await app.admin('CreateUserPool', {
          PoolName: 'no-rp',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
        })) as { UserPool: { Id: string } }
      ).UserPool.Id
      const unnamedClient = await createClient(unnamed)
      await createUser(unnamed, 'pat')
      // The test Worker's API host is 127.0.0.1: an IP address cannot be a relying party.
      const missing = await startRegistration(await passwordTokens(unnamedClient, 'pat'))
      expect(missing.body.__type).toBe('WebAuthnConfigurationMissingException')
    })
  })

  describe('sign-in attacks', () => {
    beforeEach(async () => {
      expect((await register(token, passkey)).status).toBe(200)
    })

    it('refuses a replayed assertion and a counter that went backwards', async () => {
      const { options, session } = await passkeyChallenge(clientId, 'pat')
      const assertion = passkey.get(options)
      expect((await answer(clientId, 'pat', session, assertion)).status).toBe(200)
      const replay = await answer(clientId, 'pat', session, assertion)
      expect(replay.body.__type).toBe('NotAuthorizedException')

      const next = await passkeyChallenge(clientId, 'pat')
      const backwards = await answer(
        clientId,
        'pat',
        next.session,
        passkey.get(next.options, { counter: 0 }),
      )
      expect(backwards.body.__type).toBe('NotAuthorizedException')
    })

    it('refuses an assertion with another user’s passkey', async () => {
      await createUser(poolId, 'mallory')
      const malloryPasskey = new SoftwarePasskey(APP)
      expect(
        (await register(await passwordTokens(clientId, 'mallory'), malloryPasskey)).status,
      ).toBe(200)
      const { options, session } = await passkeyChallenge(clientId, 'pat')
      const forged = malloryPasskey.get(options)
      const refused = await answer(clientId, 'pat', session, forged)
      expect(refused.body.__type).toBe('NotAuthorizedException')
      // Nor with a challenge made for another user, even when the passkey is the user's own.
      const malloryChallenge = await passkeyChallenge(clientId, 'mallory')
      const crossed = await answer(clientId, 'pat', session, passkey.get(malloryChallenge.options))
      expect(crossed.body.__type).toBe('NotAuthorizedException')
    })

    it('refuses a passkey of another pool on the same relying party', async () => {
      const otherPool = await createPool('other')
      const otherClient = await createClient(otherPool)
      await createUser(otherPool, 'pat')
      const foreign = new SoftwarePasskey(APP)
      expect((await register(await passwordTokens(otherClient, 'pat'), foreign)).status).toBe(200)
      const { options, session } = await passkeyChallenge(clientId, 'pat')
      expect((await answer(clientId, 'pat', session, foreign.get(options))).body.__type).toBe(
        'NotAuthorizedException',
      )
    })

    it('refuses a wrong origin, relying party or signature', async () => {
      for (const tamper of [
        { origin: 'https://evil.example' },
        { rpId: 'evil.example' },
        { userHandle: 'bWFsbG9yeQ' },
        { noUserVerification: true },
      ]) {
        const { options, session } = await passkeyChallenge(clientId, 'pat')
        const { body } = await answer(clientId, 'pat', session, passkey.get(options, tamper))
        expect(body.__type, JSON.stringify(tamper)).toBe('NotAuthorizedException')
      }
      const { options, session } = await passkeyChallenge(clientId, 'pat')
      const assertion = passkey.get(options)
      const flipped = Buffer.from(assertion.response.signature, 'base64url')
      flipped[flipped.length - 1]! ^= 1
      const bad = {
        ...assertion,
        response: { ...assertion.response, signature: flipped.toString('base64url') },
      }
      expect((await answer(clientId, 'pat', session, bad)).body.__type).toBe(
        'NotAuthorizedException',
      )
    })

    it('answers huge or malformed CREDENTIAL strings with InvalidParameterException, never a 500', async () => {
      const { session } = await passkeyChallenge(clientId, 'pat')
      for (const credential of [
        'not json',
        '[]',
        '{}',
        'x'.repeat(100_000),
        JSON.stringify({ id: 1 }),
      ]) {
        const { status, body } = await answer(clientId, 'pat', session, credential)
        expect(status).toBe(400)
        expect(body.__type).toBe('InvalidParameterException')
      }
    })

    it('forgets a deleted passkey', async () => {
      const missing = await json(
        await app.call('DeleteWebAuthnCredential', { AccessToken: token, CredentialId: 'nope' }),
      )
      expect(missing.body.__type).toBe('ResourceNotFoundException')
      const deleted = await json(
        await app.call('DeleteWebAuthnCredential', {
          AccessToken: token,
          CredentialId: passkey.credentialId,
        }),
      )
      expect(deleted.status).toBe(200)
      const listed = await json(await app.call('ListWebAuthnCredentials', { AccessToken: token }))
      expect(listed.body.Credentials).toEqual([])
    })

    it('pages the list', async () => {
      expect((await register(token, new SoftwarePasskey(APP))).status).toBe(200)
      const first = await json(
        await app.call('ListWebAuthnCredentials', { AccessToken: token, MaxResults: 1 }),
      )
      expect(first.body.Credentials).toHaveLength(1)
      const second = await json(
        await app.call('ListWebAuthnCredentials', {
          AccessToken: token,
          MaxResults: 1,
          NextToken: first.body.NextToken,
        }),
      )
      expect(second.body.Credentials).toHaveLength(1)
      expect(second.body.Credentials[0].CredentialId).not.toBe(
        first.body.Credentials[0].CredentialId,
      )
    })
  })
})
