/** A corpus of breached passwords that can be asked about one password. */
export interface BreachCorpus {
  /** Whether the password is in the corpus; false when the corpus cannot be reached (fail open). */
  contains(password: string): Promise<boolean>
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}

/**
 * A k-anonymity range API in the shape of Have I Been Pwned's (`GET {base}/{first five hex of the
 * SHA-1}` answers `SUFFIX:COUNT` lines): only five characters of the hash ever leave the Worker.
 * Any failure (unreachable, slow, not 200) fails open, so an outage of the corpus does not stop
 * sign-ins, and is logged as a `breach_corpus_unavailable` event.
 */
export function rangeApiCorpus(
  baseUrl: string,
  fetcher: typeof fetch = fetch,
  timeoutMs = 2000,
): BreachCorpus {
  const base = baseUrl.replace(/\/+$/, '')
  return {
    async contains(password) {
      const hash = await sha1Hex(password)
      const prefix = hash.slice(0, 5)
      const suffix = hash.slice(5)
      try {
        const response = await fetcher(`${base}/${prefix}`, {
          headers: { 'add-padding': 'true' },
          signal: AbortSignal.timeout(timeoutMs),
        })
        if (!response.ok) throw new Error(`status ${response.status}`)
        for (const line of (await response.text()).split(/\r?\n/)) {
          const [candidate, count] = line.trim().split(':')
          if (candidate?.toUpperCase() === suffix && Number(count) > 0) return true
        }
        return false
      } catch (error) {
        console.warn(
          JSON.stringify({
            event: 'breach_corpus_unavailable',
            detail: error instanceof Error ? error.message : String(error),
          }),
        )
        return false
      }
    },
  }
}
