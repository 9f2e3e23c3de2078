import { describe, expect, it } from 'vitest'
import { Attribute, UserPoolId } from '../../src/api/validation/cognito-shapes'
import {
  enumeration,
  integer,
  list,
  map,
  parseInput,
  structure,
} from '../../src/api/validation/shape'
import { InvalidParameterException, SerializationException } from '../../src/errors/cognito'

const Input = structure(
  {
    UserPoolId,
    Limit: integer({ min: 0, max: 60 }),
    Kind: enumeration(['A', 'B']),
    Attributes: list(Attribute),
    Meta: map(integer()),
  },
  ['UserPoolId'],
)

describe('input validation from the service model', () => {
  it('reads a valid input and drops undeclared members', () => {
    expect(
      parseInput(Input, {
        UserPoolId: 'us-east-1_abc',
        Limit: 3,
        Extra: 1,
        Attributes: [{ Name: 'email', Value: 'a@b' }],
      }),
    ).toEqual({
      UserPoolId: 'us-east-1_abc',
      Limit: 3,
      Attributes: [{ Name: 'email', Value: 'a@b' }],
    })
  })

  it('reports type errors as SerializationException and constraint errors as InvalidParameterException', () => {
    expect(() => parseInput(Input, { UserPoolId: 5 })).toThrow(SerializationException)
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Limit: '5' })).toThrow(
      SerializationException,
    )
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Limit: 1.5 })).toThrow(
      SerializationException,
    )
    expect(() => parseInput(Input, {})).toThrow(InvalidParameterException)
    expect(() => parseInput(Input, { UserPoolId: 'no underscore' })).toThrow(
      InvalidParameterException,
    )
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Limit: 61 })).toThrow(
      InvalidParameterException,
    )
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Kind: 'C' })).toThrow(
      InvalidParameterException,
    )
    expect(() => parseInput(Input, { UserPoolId: 'x'.repeat(56) })).toThrow(
      InvalidParameterException,
    )
  })

  it('applies the same rules inside lists, maps and nested structures', () => {
    expect(
      parseInput(Input, {
        UserPoolId: 'us-east-1_abc',
        Attributes: [{ Name: 'email', Value: 'a@b', Extra: true }],
        Meta: { a: 1 },
      }),
    ).toEqual({
      UserPoolId: 'us-east-1_abc',
      Attributes: [{ Name: 'email', Value: 'a@b' }],
      Meta: { a: 1 },
    })
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Attributes: {} })).toThrow(
      SerializationException,
    )
    expect(() =>
      parseInput(Input, { UserPoolId: 'us-east-1_abc', Attributes: [{ Name: 5 }] }),
    ).toThrow(SerializationException)
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Attributes: ['email'] })).toThrow(
      SerializationException,
    )
    expect(() => parseInput(Input, { UserPoolId: 'us-east-1_abc', Meta: { a: 'one' } })).toThrow(
      SerializationException,
    )
    expect(() =>
      parseInput(Input, { UserPoolId: 'us-east-1_abc', Attributes: [{ Value: 'no name' }] }),
    ).toThrow(InvalidParameterException)
    expect(() =>
      parseInput(Input, { UserPoolId: 'us-east-1_abc', Attributes: [{ Name: '' }] }),
    ).toThrow(InvalidParameterException)
  })

  it('reports a type error before any constraint error, and only accepts a JSON object as the body', () => {
    expect(() => parseInput(Input, { Limit: 'x' })).toThrow(SerializationException)
    for (const body of [null, [], 'text', 5, true])
      expect(() => parseInput(Input, body)).toThrow(SerializationException)
  })

  it('keeps "__proto__" map keys as plain data', () => {
    const parsed = parseInput(
      Input,
      JSON.parse('{"UserPoolId":"us-east-1_abc","Meta":{"__proto__":1,"a":2}}'),
    ) as { Meta: Record<string, number> }
    expect(Object.getPrototypeOf(parsed.Meta)).toBe(Object.prototype)
    expect(Object.keys(parsed.Meta).sort()).toEqual(['__proto__', 'a'])
  })

  it('only ever throws the two validation errors, whatever JSON it is given (property test)', () => {
    let seed = 20261122
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const atoms = [
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      '',
      'x',
      'us-east-1_abc',
      '💥'.repeat(30),
      'A',
      [],
      {},
    ]
    const value = (depth: number): unknown => {
      const r = random()
      if (depth > 3 || r < 0.5) return atoms[Math.floor(random() * atoms.length)]
      if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
      const keys = [
        'UserPoolId',
        'Limit',
        'Kind',
        'Attributes',
        'Meta',
        'Name',
        'Value',
        '__proto__',
        'constructor',
      ]
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [
          keys[Math.floor(random() * keys.length)]!,
          value(depth + 1),
        ]),
      )
    }
    for (let i = 0; i < 5000; i++) {
      const input = value(0)
      try {
        parseInput(Input, input)
      } catch (error) {
        expect(
          error instanceof SerializationException || error instanceof InvalidParameterException,
        ).toBe(true)
      }
    }
  })
})
