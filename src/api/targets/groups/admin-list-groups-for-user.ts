import { requireUser } from '../../../userpool/directory'
import { findGroup, requirePool } from '../../../userpool/pool-repository'
import type { GroupConfig } from '../../../userpool/model'
import { defineTarget } from '../../target'
import { PaginationKey, QueryLimit, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminListGroupsForUser = defineTarget({
  auth: 'sigv4',
  input: structure({ Username, UserPoolId, Limit: QueryLimit, NextToken: PaginationKey }, [
    'Username',
    'UserPoolId',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    const names = [...user.groups].sort()
    const start = input.NextToken ? names.findIndex((name) => name > input.NextToken!) : 0
    const slice = start < 0 ? [] : names.slice(start, start + (input.Limit || 60))
    const groups = (
      await Promise.all(slice.map((name) => findGroup(services, pool.Id, name)))
    ).filter((g): g is GroupConfig => g !== null)
    const more = start >= 0 && start + slice.length < names.length
    return { Groups: groups, ...(more ? { NextToken: slice[slice.length - 1] } : {}) }
  },
})
