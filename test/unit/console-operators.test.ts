import { describe, expect, it } from 'vitest'
import { ConsoleAccessDenied } from '../../src/errors/hosted-ui'
import { listConsoleActions, recordConsoleAction } from '../../src/userpool/console/audit-log'
import {
  CONSOLE_CLIENT_NAME,
  CONSOLE_GROUP_TAG,
  findConsolePool,
  requireOperator,
} from '../../src/userpool/console/console-pool'
import { addUserToGroup, createGroup } from '../../src/userpool/groups/groups'
import { tagPool } from '../../src/userpool/pools/pool-tags'
import { requireUser } from '../../src/userpool/store/directory'
import { setUserEnabled } from '../../src/userpool/users/user-status'
import { AUTH, testApp } from './support/app'
import { confirmedUser, poolWithClient, testServices } from './support/user-pool'

const OPERATOR = { poolId: 'us-east-1_x', username: 'olga', displayName: 'Olga' }

describe('the console pool', () => {
  it('is none until a pool is tagged and has the console client', async () => {
    const { services } = testServices()
    const { pool } = await poolWithClient(services, {}, { ClientName: CONSOLE_CLIENT_NAME })
    expect(await findConsolePool(services)).toBeNull()
    await tagPool(services, pool.Arn, { [CONSOLE_GROUP_TAG]: 'ops' })
    expect(await findConsolePool(services)).toMatchObject({ pool: { Id: pool.Id }, group: 'ops' })
  })

  it('ignores a tagged pool without the console client, and a later tagged pool', async () => {
    const { services, advance } = testServices()
    const bare = await poolWithClient(services, {}, { ClientName: 'other' })
    await tagPool(services, bare.pool.Arn, { [CONSOLE_GROUP_TAG]: 'ops' })
    advance(1000)
    const first = await poolWithClient(services, {}, { ClientName: CONSOLE_CLIENT_NAME })
    await tagPool(services, first.pool.Arn, { [CONSOLE_GROUP_TAG]: 'ops' })
    advance(1000)
    const later = await poolWithClient(services, {}, { ClientName: CONSOLE_CLIENT_NAME })
    await tagPool(services, later.pool.Arn, { [CONSOLE_GROUP_TAG]: 'takeover' })
    const found = await findConsolePool(services)
    expect(found?.pool.Id).toBe(first.pool.Id)
    expect(found?.client.ClientId).toBe(first.client.ClientId)
  })

  it('admits members of the operators group only, and not once they are disabled', async () => {
    const { services } = testServices()
    const resolved = await poolWithClient(services, {}, { ClientName: CONSOLE_CLIENT_NAME })
    await tagPool(services, resolved.pool.Arn, { [CONSOLE_GROUP_TAG]: 'ops' })
    const designated = (await findConsolePool(services))!
    await createGroup(services, resolved.pool, 'ops', {})
    await confirmedUser(services, resolved, 'olga', [{ Name: 'name', Value: 'Olga Operator' }])
    await confirmedUser(services, resolved, 'mel')
    await addUserToGroup(services, resolved.pool, 'olga', 'ops')
    const user = async (name: string) => (await requireUser(services, resolved.pool, name)).user
    expect(requireOperator(designated, await user('olga'))).toEqual({
      poolId: resolved.pool.Id,
      username: 'olga',
      displayName: 'Olga Operator',
    })
    const mel = await user('mel')
    expect(() => requireOperator(designated, mel)).toThrow(ConsoleAccessDenied)
    await setUserEnabled(services, resolved.pool, 'olga', false)
    const disabled = await user('olga')
    expect(() => requireOperator(designated, disabled)).toThrow(ConsoleAccessDenied)
  })
})

describe('the console audit log', () => {
  it('lists actions newest first, with who did them and how they ended', async () => {
    const { services, advance } = testServices()
    await recordConsoleAction(services, {
      operator: OPERATOR,
      action: 'CreateUserPool',
      target: 'a',
      outcome: 'ok',
    })
    advance(5)
    await recordConsoleAction(services, {
      operator: OPERATOR,
      action: 'AdminDisableUser',
      target: 'a/b',
      outcome: 'User does not exist.',
    })
    // Two actions in one millisecond are both kept.
    await recordConsoleAction(services, {
      operator: OPERATOR,
      action: 'CreateGroup',
      target: 'a/g',
      outcome: 'ok',
    })
    const entries = await listConsoleActions(services, 10)
    expect(entries.map((e) => e.action).slice(2)).toEqual(['CreateUserPool'])
    expect(
      entries
        .slice(0, 2)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['AdminDisableUser', 'CreateGroup'])
    expect(entries[2]).toEqual({
      at: Date.UTC(2026, 0, 1),
      operator: OPERATOR,
      action: 'CreateUserPool',
      target: 'a',
      outcome: 'ok',
    })
    expect(await listConsoleActions(services, 1)).toHaveLength(1)
  })
})

describe('the console and landing routes', () => {
  it('serve the landing page at / and send a visitor without a session to sign in', async () => {
    const app = testApp()
    const landing = await app.fetch(`${AUTH}/`)
    expect(landing.status).toBe(200)
    expect(landing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(await landing.text()).toContain('href="/console"')
    const guarded = await app.fetch(`${AUTH}/console/pools`, { redirect: 'manual' })
    expect(guarded.status).toBe(303)
    expect(guarded.headers.get('location')).toBe('/console/login')
    // A cookie that was never sealed by this Worker is no session.
    const forged = await app.fetch(`${AUTH}/console`, {
      headers: { cookie: '__Host-pcl-console=forged' },
      redirect: 'manual',
    })
    expect(forged.status).toBe(303)
    // No pool is the console's yet: the error page says how to set one up.
    const login = await app.fetch(`${AUTH}/console/login`)
    expect(login.status).toBe(404)
    expect(await login.text()).toContain('portcullis:console-group')
  })
})
