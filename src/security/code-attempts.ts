/** Guesses one code survives; then it is used up and a new one must be requested. */
export const CODE_ATTEMPTS = 5

/** Guesses made at each live code of one account, by code id. */
export type CodeAttempts = Record<string, { used: number; expiresAt: number }>

/** The codes still worth remembering at `now` (a lapsed code can be guessed at no more). */
export function liveCodes(codes: CodeAttempts | undefined, now: number): CodeAttempts {
  return Object.fromEntries(
    Object.entries(codes ?? {}).filter(([, attempt]) => attempt.expiresAt > now),
  )
}

/**
 * Reserves one guess at the code `codeId` (which lives until `expiresAt`) before it is compared:
 * refused once its guesses are used up, so a burst of guesses counts every one. A new code has a
 * new id, and so guesses of its own.
 */
export function reserveCodeAttempt(
  codes: CodeAttempts | undefined,
  codeId: string,
  expiresAt: number,
  now: number,
): { granted: boolean; codes: CodeAttempts } {
  const live = liveCodes(codes, now)
  const used = live[codeId]?.used ?? 0
  if (used >= CODE_ATTEMPTS) return { granted: false, codes: live }
  return {
    granted: true,
    codes: {
      ...live,
      [codeId]: { used: used + 1, expiresAt: Math.max(expiresAt, live[codeId]?.expiresAt ?? 0) },
    },
  }
}

/** When the last of the codes lapses, so the record can be dropped. */
export function codesForgottenAt(codes: CodeAttempts | undefined): number | undefined {
  const times = Object.values(codes ?? {}).map((attempt) => attempt.expiresAt)
  return times.length > 0 ? Math.max(...times) : undefined
}
