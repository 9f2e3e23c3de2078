/**
 * What a request tells about where a sign-in comes from. The edge's view (`request.cf` and the
 * CF-Connecting-IP header that Cloudflare sets and overwrites) is read by the HTTP layer; the
 * client's own account of itself (UserContextData) is merged in by `withUserContextData`.
 */
export interface RequestSignals {
  /** The client's address as the edge saw it (or, from a confidential client, as it reported it). */
  ip?: string
  /** ISO 3166-1 alpha-2 country code. */
  country?: string
  city?: string
  /** The autonomous system the address belongs to: the network. */
  asn?: number
  latitude?: number
  longitude?: number
  timezone?: string
  /** Cloudflare Bot Management's score, 1 (a bot) to 99 (a human), where the zone has it. */
  botScore?: number
  /** A stable id of the user's device or browser: the collector's, the hosted UI's cookie, a remembered device key. */
  deviceId?: string
  deviceName?: string
  userAgent?: string
}

/** UserContextDataType as the unauthenticated operations take it. */
export interface UserContextData {
  IpAddress?: string
  EncodedData?: string
}

/** The `contextData` a collector puts in the envelope's payload (the members Portcullis reads). */
interface CollectedContext {
  DeviceId?: unknown
  DeviceName?: unknown
  DeviceFingerprint?: unknown
  Timezone?: unknown
  UserAgent?: unknown
}

const text = (value: unknown, max = 256): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined

/**
 * Reads Cognito's EncodedData envelope: base64 of `{"payload": "<JSON>", "signature": …,
 * "version": …}` whose payload holds `contextData` (device id, time zone, user agent …),
 * `username`, `userPoolId` and `timestamp`. The signature cannot be checked (the collector runs in
 * the user's browser, so anyone can make one), so what it says only ever adds risk, as a device
 * never seen before; it never vouches for a sign-in. Anything unreadable is ignored.
 */
export function decodeEncodedData(
  encoded: string,
): Pick<RequestSignals, 'deviceId' | 'deviceName' | 'timezone' | 'userAgent'> {
  try {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0))
    const envelope = JSON.parse(new TextDecoder().decode(bytes)) as { payload?: unknown }
    if (typeof envelope.payload !== 'string') return {}
    const payload = JSON.parse(envelope.payload) as { contextData?: CollectedContext }
    const context = payload.contextData
    if (typeof context !== 'object' || context === null) return {}
    const deviceId = text(context.DeviceId, 128) ?? text(context.DeviceFingerprint, 128)
    const deviceName = text(context.DeviceName)
    const timezone = text(context.Timezone, 64)
    const userAgent = text(context.UserAgent, 512)
    return {
      ...(deviceId ? { deviceId } : {}),
      ...(deviceName ? { deviceName } : {}),
      ...(timezone ? { timezone } : {}),
      ...(userAgent ? { userAgent } : {}),
    }
  } catch {
    return {}
  }
}

/**
 * The request's signals with what UserContextData adds. EncodedData is read from any client. The
 * IpAddress replaces the edge's address only from a client with a secret and
 * EnablePropagateAdditionalUserContextData (a server calling for its user, which proved itself
 * with the SecretHash); from a public client anyone could claim any address, so it is ignored.
 * The location the edge derived from its own address then no longer describes the user: it goes.
 */
export function withUserContextData(
  signals: RequestSignals,
  client: { ClientSecret?: string; EnablePropagateAdditionalUserContextData: boolean },
  data: UserContextData | undefined,
): RequestSignals {
  if (!data) return signals
  let merged: RequestSignals = {
    ...signals,
    ...(data.EncodedData ? decodeEncodedData(data.EncodedData) : {}),
  }
  if (data.IpAddress && client.ClientSecret && client.EnablePropagateAdditionalUserContextData) {
    const { country: _c, city: _ci, asn: _a, latitude: _la, longitude: _lo, ...rest } = merged
    merged = { ...rest, ip: data.IpAddress.slice(0, 64) }
  }
  return merged
}
