import { ConcurrentModificationException } from '../../errors/cognito'
import { requireUser, type LoadedUser } from '../store/directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/** Rounds of fresh read + write before a contended change gives up. */
const ROUNDS = 8

/**
 * Runs a change against the freshest copy of a user and runs it again, after a short random pause,
 * when another writer got in first. `updateUser` already retries a few times back to back; under
 * a burst of writers to one user that is not always enough, and a pause with jitter spreads them.
 */
export async function withFreshUser<T>(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  change: (found: LoadedUser) => Promise<T>,
): Promise<T> {
  for (let round = 1; ; round++) {
    const found = await requireUser(services, pool, username)
    try {
      return await change(found)
    } catch (error) {
      if (!(error instanceof ConcurrentModificationException) || round >= ROUNDS) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * round))
    }
  }
}
