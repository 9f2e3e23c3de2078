import { describe, expect, it } from 'vitest'
import { InvalidParameterException, NotAuthorizedException } from '../../src/errors/cognito'
import { newPasswordAttributeChanges } from '../../src/userpool/attributes/attributes'
import { mergeSchema } from '../../src/userpool/attributes/schema'

const pool = {
  SchemaAttributes: mergeSchema(
    [],
    [
      { Name: 'name', Required: true },
      { Name: 'email', Required: true },
      { Name: 'tenant', AttributeDataType: 'String', Mutable: false },
      { Name: 'plan', AttributeDataType: 'String', Mutable: false },
      { Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
    ],
    { creating: true },
  ),
}
const invited = { email: 'invitee@example.com', 'custom:tenant': 'acme' }
const everyClient = {}
const narrowClient = { WriteAttributes: ['email', 'custom:tenant', 'custom:plan'] }

const answer = (client: { WriteAttributes?: string[] }, attributes: Record<string, string>) =>
  newPasswordAttributeChanges(
    pool,
    client,
    invited,
    Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  )

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a refusal')
}

describe('what a NEW_PASSWORD_REQUIRED answer may write', () => {
  it('fills a required attribute the user lacks, whatever the client may write', () => {
    expect(answer(everyClient, { name: 'Ivy' })).toEqual({ name: 'Ivy' })
    expect(answer({ WriteAttributes: ['email'] }, { name: 'Ivy' })).toEqual({ name: 'Ivy' })
  })

  it('never writes a verified flag', () => {
    for (const client of [everyClient, narrowClient])
      for (const flag of ['email_verified', 'phone_number_verified']) {
        const error = refusal(() => answer(client, { name: 'Ivy', [flag]: 'true' }))
        expect(error).toBeInstanceOf(InvalidParameterException)
        expect((error as Error).message).toBe(
          `A client attempted to write unauthorized attribute ${flag}`,
        )
      }
  })

  it('does not modify a required attribute that has a value, as Cognito answers', () => {
    const error = refusal(() => answer(everyClient, { email: 'other@example.com' }))
    expect(error).toBeInstanceOf(NotAuthorizedException)
    expect((error as Error).message).toBe('Cannot modify an already provided email')
  })

  it('fills an immutable attribute only while it is empty, and only for a client that may write it', () => {
    for (const client of [everyClient, narrowClient]) {
      const error = refusal(() => answer(client, { 'custom:tenant': 'globex' }))
      expect(error).toBeInstanceOf(InvalidParameterException)
      expect((error as Error).message).toBe('Attribute cannot be updated. custom:tenant')
    }
    expect(answer(narrowClient, { 'custom:plan': 'gold' })).toEqual({ 'custom:plan': 'gold' })
    expect((refusal(() => answer(everyClient, { 'custom:plan': 'gold' })) as Error).message).toBe(
      'A client attempted to write unauthorized attribute custom:plan',
    )
  })

  it('writes other attributes as UpdateUserAttributes would, or as the client WriteAttributes say', () => {
    expect(answer(everyClient, { given_name: 'Ivy' })).toEqual({ given_name: 'Ivy' })
    expect((refusal(() => answer(narrowClient, { given_name: 'Ivy' })) as Error).message).toBe(
      'A client attempted to write unauthorized attribute given_name',
    )
    for (const name of ['dev:secret', 'sub', 'identities', 'custom:unknown'])
      expect(refusal(() => answer(everyClient, { [name]: 'x' }))).toBeInstanceOf(
        InvalidParameterException,
      )
  })
})
