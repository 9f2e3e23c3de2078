import { constantTimeEqual, fromBase64, toBase64, utf8 } from './encoding'
import { hmacSha256 } from './hash'
import { randomBytes } from './random'

/**
 * Production Workers refuse PBKDF2 above 100,000 iterations in one call. A modern work factor
 * (OWASP: 600,000 for PBKDF2-HMAC-SHA256) is reached by chaining `rounds` calls, each feeding its
 * output to the next as the password; an attacker must run the chain in order, so the cost adds up.
 */
export const MAX_PBKDF2_ITERATIONS_PER_CALL = 100_000

export interface PasswordHashParameters {
  iterationsPerRound: number
  rounds: number
}

export const DEFAULT_PASSWORD_HASH_PARAMETERS: PasswordHashParameters = {
  iterationsPerRound: MAX_PBKDF2_ITERATIONS_PER_CALL,
  rounds: 6,
}

const SCHEME = 'pcl-pbkdf2-sha256'

/** A pepper: a secret HMAC key applied before hashing, named so that it can be rotated. */
export interface Pepper {
  id: string
  key: Uint8Array<ArrayBuffer>
}

export class PasswordHasher {
  constructor(
    private readonly peppers: Pepper[],
    readonly parameters: PasswordHashParameters = DEFAULT_PASSWORD_HASH_PARAMETERS,
  ) {
    if (peppers.length === 0) throw new Error('at least one pepper is required')
    if (
      parameters.iterationsPerRound > MAX_PBKDF2_ITERATIONS_PER_CALL ||
      parameters.iterationsPerRound < 1
    ) {
      throw new Error(`PBKDF2 iterations per call must be 1..${MAX_PBKDF2_ITERATIONS_PER_CALL}`)
    }
    if (parameters.rounds < 1 || parameters.rounds > 64)
      throw new Error('password hash rounds must be 1..64')
  }

  /** Hashes a password into a self-describing string: scheme, parameters, pepper id, salt, hash. */
  async hash(password: string): Promise<string> {
    const pepper = this.peppers[0]!
    const salt = randomBytes(16)
    const derived = await this.derive(password, salt, pepper, this.parameters)
    const { iterationsPerRound: i, rounds: r } = this.parameters
    return `$${SCHEME}$i=${i},r=${r},p=${pepper.id}$${toBase64(salt)}$${toBase64(derived)}`
  }

  /** Checks a password against a stored hash; false for any hash it cannot read. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored)
    if (!parsed) return false
    const pepper = this.peppers.find((candidate) => candidate.id === parsed.pepperId)
    if (!pepper) return false
    const derived = await this.derive(password, parsed.salt, pepper, parsed.parameters)
    return constantTimeEqual(derived, parsed.hash)
  }

  /** True when a stored hash was made with other parameters or an older pepper. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored)
    if (!parsed) return true
    return (
      parsed.pepperId !== this.peppers[0]!.id ||
      parsed.parameters.rounds !== this.parameters.rounds ||
      parsed.parameters.iterationsPerRound !== this.parameters.iterationsPerRound
    )
  }

  private async derive(
    password: string,
    salt: Uint8Array<ArrayBuffer>,
    pepper: Pepper,
    parameters: PasswordHashParameters,
  ): Promise<Uint8Array<ArrayBuffer>> {
    // NFC so that the same password typed on two keyboards hashes the same (NIST 800-63B §3.1.1.2).
    let block = await hmacSha256(pepper.key, utf8(password.normalize('NFC')))
    for (let round = 0; round < parameters.rounds; round++) {
      const key = await crypto.subtle.importKey('raw', block, 'PBKDF2', false, ['deriveBits'])
      const roundSalt = new Uint8Array(salt.length + 1)
      roundSalt.set(salt)
      roundSalt[salt.length] = round
      const bits = await crypto.subtle.deriveBits(
        {
          name: 'PBKDF2',
          hash: 'SHA-256',
          salt: roundSalt,
          iterations: Math.min(parameters.iterationsPerRound, MAX_PBKDF2_ITERATIONS_PER_CALL),
        },
        key,
        256,
      )
      block = new Uint8Array(bits)
    }
    return block
  }
}

interface ParsedHash {
  parameters: PasswordHashParameters
  pepperId: string
  salt: Uint8Array<ArrayBuffer>
  hash: Uint8Array<ArrayBuffer>
}

function parse(stored: string): ParsedHash | null {
  const match =
    /^\$pcl-pbkdf2-sha256\$i=(\d+),r=(\d+),p=([\w-]+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(
      stored,
    )
  if (!match) return null
  const iterationsPerRound = Number(match[1])
  const rounds = Number(match[2])
  if (
    iterationsPerRound < 1 ||
    iterationsPerRound > MAX_PBKDF2_ITERATIONS_PER_CALL ||
    rounds < 1 ||
    rounds > 64
  )
    return null
  return {
    parameters: { iterationsPerRound, rounds },
    pepperId: match[3]!,
    salt: fromBase64(match[4]!),
    hash: fromBase64(match[5]!),
  }
}
