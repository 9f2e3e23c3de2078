import { ConcurrentModificationException } from '../../errors/cognito'

/**
 * How a contended directory write is tried again: the one policy every read-modify-write of the
 * directory goes through, so that retries never nest and a burst of writers to one record costs at
 * most `attempts` writes each.
 */
export interface RetryPolicy {
  /** Writes a change may make in all, the first one included. */
  attempts: number
  /** Waits before attempt `next` (2, 3, …): a jittered pause spreads writers that collided. */
  pause(next: number): Promise<void>
}

/** A pause of up to `stepMs × (next − 1)` ms, at random; `random` and `sleep` are injectable. */
export function jitteredPause(
  stepMs: number,
  random: () => number = Math.random,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): RetryPolicy['pause'] {
  return (next) => sleep(random() * stepMs * (next - 1))
}

/** The policy of the directory: 8 writes at most, pauses growing by up to 20 ms a round. */
export const CONTENDED_WRITES: RetryPolicy = { attempts: 8, pause: jitteredPause(20) }

/**
 * Runs `attempt` (1, 2, …) until it does not lose a race: each attempt must read afresh what it
 * changes. A ConcurrentModificationException of the last attempt, and any other error, goes to the
 * caller.
 */
export async function retryContended<T>(
  attempt: (round: number) => Promise<T>,
  policy: RetryPolicy = CONTENDED_WRITES,
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt(round)
    } catch (error) {
      if (!(error instanceof ConcurrentModificationException) || round >= policy.attempts)
        throw error
      await policy.pause(round + 1)
    }
  }
}
