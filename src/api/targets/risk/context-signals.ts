import type { UserPoolClientConfig } from '../../../userpool/model'
import {
  type RequestSignals,
  type UserContextData,
  withUserContextData,
} from '../../../userpool/risk/signals'

/** An unauthenticated operation's signals: the edge's, with what its UserContextData may add. */
export const publicSignals = (
  signals: RequestSignals,
  client: UserPoolClientConfig,
  data: UserContextData | undefined,
): RequestSignals => withUserContextData(signals, client, data)

/**
 * An administrator's call (AdminInitiateAuth, AdminRespondToAuthChallenge): the server calling
 * for its user is trusted with the user's address in ContextData, and the edge's location then
 * describes the server, so it is dropped.
 */
export function adminSignals(
  signals: RequestSignals,
  contextData: Record<string, unknown> | undefined,
): RequestSignals {
  if (!contextData) return signals
  const ip = typeof contextData.IpAddress === 'string' ? contextData.IpAddress : undefined
  const encoded = typeof contextData.EncodedData === 'string' ? contextData.EncodedData : undefined
  return withUserContextData(
    signals,
    { ClientSecret: 'server', EnablePropagateAdditionalUserContextData: true },
    { ...(ip ? { IpAddress: ip } : {}), ...(encoded ? { EncodedData: encoded } : {}) },
  )
}
