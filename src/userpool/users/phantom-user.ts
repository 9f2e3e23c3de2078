import { toHex } from '../../crypto/encoding'
import type { UserPoolConfig } from '../model'
import { EMAIL_FORMAT } from './new-user'
import type { UserPoolServices } from '../services'

/**
 * The stored username an unknown sign-in name stands for while PreventUserExistenceErrors hides
 * that it is unknown: its USER_ID_FOR_SRP, and the account its attempts are counted under, so it
 * is locked out like a real one. Where usernames are emails or phone numbers every real username
 * is a sub, so this is a stable sub-shaped id of the name (as aliases compare it: in lower case);
 * an email where email is an alias is compared in lower case too; any other name stands for itself.
 */
export async function phantomUsername(
  services: UserPoolServices,
  pool: UserPoolConfig,
  name: string,
): Promise<string> {
  if ((pool.UsernameAttributes ?? []).length === 0)
    return (pool.AliasAttributes ?? []).includes('email') && EMAIL_FORMAT.test(name)
      ? name.toLowerCase()
      : name
  const hex = toHex(
    (await services.sealer.fingerprint('srp-decoy-id', `${pool.Id}|${name.toLowerCase()}`)).slice(
      0,
      16,
    ),
  )
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
