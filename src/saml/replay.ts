import type { RecordStore } from '../storage/record-store'
import { SamlRejected } from './rejected'

/**
 * Remembers an assertion id until the assertion expires, in the pool's store; a second use is a
 * replay. The check and the write are one commit ("must not exist"), so two racing posts of the
 * same assertion cannot both pass.
 */
export async function rememberAssertion(
  store: RecordStore,
  issuer: string,
  assertionId: string,
  expiresAt: number,
): Promise<void> {
  const key = `saml-assertion#${issuer}#${assertionId}`
  const result = await store.commit({
    expect: [{ key, version: 0 }],
    put: [{ key, value: 1, expiresAt }],
  })
  if (!result.ok) throw new SamlRejected('replay', 'this assertion was already used')
}
