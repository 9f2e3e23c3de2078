import { decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose'
import { fromBase64Url, fromUtf8 } from '../../crypto/encoding'
import { BoundedCache } from '../../storage/bounded-cache'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { findPool, requireSigningKeys } from '../store/pool-repository'

/** Why a token of one of our pools did not verify, for callers that word each case. */
export type PoolTokenProblem = 'malformed' | 'signature' | 'expired' | 'issuer'

export type PoolTokenCheck =
  | { ok: true; pool: UserPoolConfig; claims: JWTPayload & Record<string, unknown> }
  | { ok: false; problem: PoolTokenProblem }

const ISSUER_PATTERN = /\/([\w-]+_[0-9a-zA-Z]+)$/

/** Imported verification keys by kid (only pool keys get here; bounded all the same). */
const importedPublicKeys = new BoundedCache<string, Promise<CryptoKey | Uint8Array>>(1024)

/**
 * The one check of a token signed by one of this Worker's pools: RS256 only, a `kid` naming one
 * of the pool's keys (no `jku`/`jwk`/`x5u` is ever followed), the issuer `{issuerOrigin}/{poolId}`
 * and `exp`/`nbf` on the injected clock. The pool is the one the (unverified) issuer names, and
 * must be `expectedPoolId` when given. Token kind (`token_use`) and audience are the caller's.
 */
export async function verifyPoolTokenSignature(
  services: UserPoolServices,
  token: string,
  issuerOrigin: string,
  expectedPoolId?: string,
): Promise<PoolTokenCheck> {
  let kid: string
  let poolId: string | undefined
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new Error('alg/kid')
    kid = header.kid
    const unverified = JSON.parse(fromUtf8(fromBase64Url(token.split('.')[1] ?? ''))) as {
      iss?: unknown
    }
    poolId =
      typeof unverified.iss === 'string' ? ISSUER_PATTERN.exec(unverified.iss)?.[1] : undefined
  } catch {
    return { ok: false, problem: 'malformed' }
  }
  if (!poolId || (expectedPoolId !== undefined && poolId !== expectedPoolId))
    return { ok: false, problem: 'issuer' }
  const pool = await findPool(services, poolId)
  if (!pool) return { ok: false, problem: 'issuer' }
  const keys = await requireSigningKeys(services, pool.Id)
  const jwk = [keys.active, keys.next].find((k) => k.kid === kid)?.publicJwk
  if (!jwk) return { ok: false, problem: 'signature' }
  let key = importedPublicKeys.get(kid)
  if (!key) {
    key = importJWK(jwk, 'RS256')
    importedPublicKeys.set(kid, key)
  }
  try {
    const verified = await jwtVerify(token, await key, {
      algorithms: ['RS256'],
      issuer: `${issuerOrigin}/${pool.Id}`,
      currentDate: new Date(services.now()),
    })
    return { ok: true, pool, claims: verified.payload as JWTPayload & Record<string, unknown> }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const claim = (error as { claim?: unknown }).claim
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, problem: 'expired' }
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss')
      return { ok: false, problem: 'issuer' }
    return { ok: false, problem: 'signature' }
  }
}
