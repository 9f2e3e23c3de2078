import type {
  GetGroupResponse,
  ListGroupsResponse,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { defineTarget, type NoOutput } from '../../src/api/target'
import { integer, string, structure } from '../../src/api/validation/shape'

const input = structure({ GroupName: string(), Limit: integer() }, ['GroupName'])
/** A domain record with a member the wire must never see. */
const stored = { GroupName: 'staff', UserPoolId: 'us-east-1_A', CreationDate: 1, internal: 'x' }

// These are compile-time checks: `npm run typecheck` fails if any @ts-expect-error is not needed.
describe('typed targets', () => {
  it('accept the SDK output shape, with timestamps as epoch seconds', async () => {
    const target = defineTarget<ListGroupsResponse>()({
      auth: 'sigv4',
      input,
      async handle(request) {
        const { internal: _internal, ...group } = stored
        return {
          Groups: [{ ...group, GroupName: request.GroupName }],
          ...(request.Limit ? { NextToken: 't' } : {}),
        }
      },
    })
    expect(target.auth).toBe('sigv4')
    defineTarget<NoOutput>()({ auth: 'sigv4', input, handle: async () => ({}) })
  })

  it('refuse a member the SDK does not know, at any depth, or of the wrong type', () => {
    defineTarget<GetGroupResponse>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error `internal` is not a member of GroupType: it would leak to the client.
      handle: async () => ({ Group: stored }),
    })
    defineTarget<GetGroupResponse>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error Bogus is not a member of GetGroupResponse.
      handle: async () => ({ Group: {}, Bogus: 1 }),
    })
    defineTarget<GetGroupResponse>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error Precedence is a number on the wire.
      handle: async () => ({ Group: { Precedence: '1' } }),
    })
    defineTarget<NoOutput>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error an operation with no output returns nothing.
      handle: async () => ({ Done: true }),
    })
  })

  it('refuse an output whose shape is unknown (object, or a record of anything)', () => {
    const anything: object = {}
    const record: Record<string, unknown> = {}
    defineTarget<GetGroupResponse>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error `object` could hold anything.
      handle: async () => anything,
    })
    defineTarget<GetGroupResponse>()({
      auth: 'sigv4',
      input,
      // @ts-expect-error a Record<string, unknown> could hold anything.
      handle: async () => ({ Group: record }),
    })
  })
})
