import type { RequestSignals } from './signals'

/**
 * Portcullis's risk model: a pure function from what is known about a sign-in (its signals, the
 * account's past sign-ins, recent failures at the account and from the address) to a risk level
 * and the reasons for it. Cognito's model is not public; this one is small and documented, so a
 * pool's owner can tell why a sign-in was challenged.
 *
 * Each reason adds points; the total picks the level:
 *
 * | reason | points |
 * |---|---|
 * | `new-device`: a device id the account never signed in from, and not one of its remembered devices | 1 |
 * | `new-network`: an autonomous system (or, without one, an address) never seen | 1 |
 * | `new-country`: a country never seen | 2 |
 * | `impossible-travel`: faster than 1000 km/h from the last known sign-in (and over 500 km away) | 4 |
 * | `failure-velocity`: 5 or more failed sign-ins at the account in 15 minutes (10 or more: 3) | 2 |
 * | `password-spraying`: failed sign-ins at 5 or more accounts from this address in 15 minutes | 3 |
 * | `bot`: a bot score under 30 (under 10: 4) | 2 |
 * | `reported-invalid`: the device or address of a sign-in reported Invalid | 4 |
 *
 * 0 points is no risk, 1 is Low, 2–3 Medium, 4 or more High. A context is known when a past
 * sign-in from it passed, or was reported Valid; a sign-in reported Invalid never makes a context
 * known. The first sign-in of an account has nothing to compare with, and is not new anywhere.
 */

export type RiskLevel = 'Low' | 'Medium' | 'High'

export type RiskReason =
  | 'new-device'
  | 'new-network'
  | 'new-country'
  | 'impossible-travel'
  | 'failure-velocity'
  | 'password-spraying'
  | 'bot'
  | 'reported-invalid'

/** A past sign-in as the model sees it. */
export interface PastSignIn {
  at: number
  response: 'Pass' | 'Fail' | 'InProgress'
  feedback?: 'Valid' | 'Invalid'
  signals: RequestSignals
}

export interface RiskInput {
  /** Epoch milliseconds of this sign-in. */
  at: number
  signals: RequestSignals
  /** The account's past sign-ins, any order. */
  history: readonly PastSignIn[]
  /** Failed sign-ins at the account in the last 15 minutes (this one not included). */
  accountFailures: number
  /** Distinct accounts with failed sign-ins from this address in the last 15 minutes. */
  addressFailedAccounts: number
  /**
   * Device ids the account vouches for without a past sign-in: the key of a confirmed, remembered
   * device it presents (the sign-in cannot finish without that device's own SRP proof).
   */
  knownDevices?: readonly string[]
}

export interface RiskAssessment {
  level: RiskLevel | null
  points: number
  reasons: RiskReason[]
}

const POINTS: Record<RiskReason, number> = {
  'new-device': 1,
  'new-network': 1,
  'new-country': 2,
  'impossible-travel': 4,
  'failure-velocity': 2,
  'password-spraying': 3,
  bot: 2,
  'reported-invalid': 4,
}

/** Beyond this a journey between two sign-ins is not possible (faster than an airliner). */
export const MAX_TRAVEL_KMH = 1000
/** Nearer than this, a location's precision (a city's centre) is noise, not travel. */
const MIN_TRAVEL_KM = 500

/** Great-circle distance in km (haversine). */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

const located = (
  s: RequestSignals,
): s is RequestSignals & { latitude: number; longitude: number } =>
  typeof s.latitude === 'number' && typeof s.longitude === 'number'

const networkOf = (s: RequestSignals): string | undefined =>
  s.asn !== undefined ? `as${s.asn}` : s.ip !== undefined ? `ip:${s.ip}` : undefined

export function levelOf(points: number): RiskLevel | null {
  if (points <= 0) return null
  if (points === 1) return 'Low'
  return points < 4 ? 'Medium' : 'High'
}

/** Assesses one sign-in. Pure: the same input gives the same answer. */
export function assessRisk(input: RiskInput): RiskAssessment {
  const { signals } = input
  const known = input.history.filter(
    (past) =>
      past.feedback === 'Valid' || (past.response === 'Pass' && past.feedback !== 'Invalid'),
  )
  const reported = input.history.filter((past) => past.feedback === 'Invalid')
  const reasons: RiskReason[] = []
  if (known.length > 0) {
    const seen = (pick: (s: RequestSignals) => string | undefined) =>
      new Set(known.map((past) => pick(past.signals)).filter((v) => v !== undefined))
    const remembered = input.knownDevices ?? []
    if (
      signals.deviceId &&
      !remembered.includes(signals.deviceId) &&
      !seen((s) => s.deviceId).has(signals.deviceId)
    )
      reasons.push('new-device')
    const network = networkOf(signals)
    if (network && !seen(networkOf).has(network)) reasons.push('new-network')
    if (signals.country && !seen((s) => s.country).has(signals.country)) reasons.push('new-country')
    const lastLocated = known.filter((past) => located(past.signals)).sort((a, b) => b.at - a.at)[0]
    if (lastLocated && located(signals) && located(lastLocated.signals)) {
      const km = distanceKm(lastLocated.signals, signals)
      const hours = Math.max(input.at - lastLocated.at, 0) / 3_600_000
      if (km > MIN_TRAVEL_KM && (hours === 0 || km / hours > MAX_TRAVEL_KMH))
        reasons.push('impossible-travel')
    }
  }
  if (input.accountFailures >= 5) reasons.push('failure-velocity')
  if (input.addressFailedAccounts >= 5) reasons.push('password-spraying')
  if (signals.botScore !== undefined && signals.botScore < 30) reasons.push('bot')
  const matchesReported = reported.some(
    (past) =>
      (signals.deviceId !== undefined && past.signals.deviceId === signals.deviceId) ||
      (signals.ip !== undefined && past.signals.ip === signals.ip),
  )
  if (matchesReported) reasons.push('reported-invalid')
  let points = reasons.reduce((sum, reason) => sum + POINTS[reason], 0)
  if (input.accountFailures >= 10) points += 1
  if (signals.botScore !== undefined && signals.botScore < 10) points += 2
  return { level: levelOf(points), points, reasons }
}
