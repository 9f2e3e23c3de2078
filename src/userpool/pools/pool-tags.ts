import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import { changePool } from '../store/pool-store'
import { findPool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

/** Cognito's limit on tags per user pool. */
const MAX_TAGS = 50

/** The pool an ARN names (`arn:aws:cognito-idp:{region}:{account}:userpool/{id}`); user pools are the only taggable resource here. */
async function poolForArn(services: UserPoolServices, arn: string): Promise<UserPoolConfig> {
  const poolId = /^arn:[\w-]+:cognito-idp:[\w-]*:\d+:userpool\/([\w-]+_[0-9a-zA-Z]+)$/.exec(
    arn,
  )?.[1]
  const pool = poolId ? await findPool(services, poolId) : null
  if (!pool || pool.Arn !== arn)
    throw new ResourceNotFoundException(`Resource ${arn} does not exist.`)
  return pool
}

const tagsOf = (pool: UserPoolConfig): Record<string, string> =>
  (pool.Extra.UserPoolTags as Record<string, string> | undefined) ?? {}

/** ListTagsForResource: the pool's UserPoolTags. */
export async function listPoolTags(
  services: UserPoolServices,
  arn: string,
): Promise<Record<string, string>> {
  return tagsOf(await poolForArn(services, arn))
}

/** TagResource: adds or replaces tags, at most 50 in all. */
export async function tagPool(
  services: UserPoolServices,
  arn: string,
  tags: Record<string, string>,
): Promise<void> {
  const pool = await poolForArn(services, arn)
  await changePool(services, pool.Id, (current) => {
    const next = { ...tagsOf(current), ...tags }
    if (Object.keys(next).length > MAX_TAGS)
      throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags.`)
    return { ...current, Extra: { ...current.Extra, UserPoolTags: next } }
  })
}

/** UntagResource: removes the named tags (absent ones are ignored). */
export async function untagPool(
  services: UserPoolServices,
  arn: string,
  keys: string[],
): Promise<void> {
  const pool = await poolForArn(services, arn)
  await changePool(services, pool.Id, (current) => {
    const next = Object.fromEntries(
      Object.entries(tagsOf(current)).filter(([key]) => !keys.includes(key)),
    )
    return { ...current, Extra: { ...current.Extra, UserPoolTags: next } }
  })
}
