import { describe, expect, it } from 'vitest'
import { testApp } from '../support/app'
import { addUser, callFrom, PARIS, protectedPool } from './support'

const PASSWORD = 'Deleted-Events-Pass-42'

describe('deleting a user', () => {
  it.each([
    ['AdminDeleteUser', 'admin'],
    ['DeleteUser', 'self'],
  ] as const)(
    '%s deletes its auth events: a user made again under the name has none',
    async (_op, by) => {
      const app = testApp()
      const { poolId, clientId } = await protectedPool(app, 'AUDIT')
      await addUser(app, poolId, 'eve', PASSWORD)
      const signIn = (password: string) =>
        callFrom(app, { cf: PARIS, ip: '192.0.2.10' }, 'InitiateAuth', {
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'eve', PASSWORD: password },
        })
      await signIn('Wrong-Password-11')
      app.advance(1_000)
      const tokens = (await signIn(PASSWORD)).AuthenticationResult!
      const events = () =>
        app
          .admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'eve' })
          .then((answer) => (answer as { AuthEvents: unknown[] }).AuthEvents)
      expect(await events()).toHaveLength(2)
      if (by === 'admin')
        await app.admin('AdminDeleteUser', { UserPoolId: poolId, Username: 'eve' })
      else
        expect((await app.call('DeleteUser', { AccessToken: tokens.AccessToken })).status).toBe(200)
      await addUser(app, poolId, 'eve', PASSWORD)
      expect(await events()).toEqual([])
    },
  )
})
