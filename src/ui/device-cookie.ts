import { randomToken } from '../crypto/random'
import { COOKIES, readCookies, setCookie } from '../http/cookies'
import type { UserPoolServices } from '../userpool/services'

const PURPOSE = 'hosted-ui-device'
/** A browser keeps its device id a year; a cleared cookie is a new device, as it should be. */
const DEVICE_COOKIE_SECONDS = 365 * 24 * 3600

/** The hosted UI's id of the browser signing in, and the cookie that sets it when it is new. */
export interface HostedUiDevice {
  deviceId: string
  setCookie?: string
}

/**
 * The browser's device id for the risk model, from its device cookie: a random id sealed by the
 * Worker (HttpOnly, so no script reads it, and sealed, so nobody can write a cookie naming an id
 * of their choosing, such as one a victim's account already knows). A browser without a valid
 * cookie gets a new random id and the cookie to keep it.
 */
export async function hostedUiDevice(
  services: UserPoolServices,
  request: Request,
): Promise<HostedUiDevice> {
  const cookie = readCookies(request)[COOKIES.device]
  const opened = cookie ? await services.sealer.open<{ id?: unknown }>(PURPOSE, cookie) : null
  if (typeof opened?.id === 'string') return { deviceId: `browser:${opened.id}` }
  const id = randomToken(16)
  return {
    deviceId: `browser:${id}`,
    setCookie: setCookie(
      COOKIES.device,
      await services.sealer.seal(PURPOSE, { id }),
      DEVICE_COOKIE_SECONDS,
    ),
  }
}

/** `response` with the device cookie added, when there is one to set. */
export function withDeviceCookie(response: Response, device: HostedUiDevice): Response {
  if (!device.setCookie) return response
  const out = new Response(response.body, response)
  out.headers.append('set-cookie', device.setCookie)
  return out
}
