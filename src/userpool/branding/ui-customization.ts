import { toBase64 } from '../../crypto/encoding'
import { InvalidParameterException } from '../../errors/cognito'
import type { UICustomization, UserPoolConfig } from '../model'
import { requireClient } from '../store/pool-repository'
import { uiCustomizationRecords } from '../store/pool-settings-store'
import { epochSeconds, type UserPoolServices } from '../services'

/** The classes Cognito's hosted UI lets a stylesheet target; nothing else may be styled. */
const SELECTORS = new Set([
  '.background-customizable',
  '.banner-customizable',
  '.errorMessage-customizable',
  '.idpButton-customizable',
  '.idpButton-customizable:hover',
  '.inputField-customizable',
  '.inputField-customizable:focus',
  '.label-customizable',
  '.legalText-customizable',
  '.logo-customizable',
  '.submitButton-customizable',
  '.submitButton-customizable:hover',
  '.textDescription-customizable',
])

/** Cognito's limit on a logo; larger files are refused. */
export const MAX_LOGO_BYTES = 100 * 1024
const MAX_CSS_CHARS = 131072

/**
 * Accepts only `selector { property: value; … }` rules for the allowed selectors, with values that
 * cannot fetch anything or leave the stylesheet: no url(), @-rules, escapes, angle brackets,
 * expression(), comments or braces inside values.
 */
export function checkCss(css: string): string {
  if (css.length > MAX_CSS_CHARS) throw new InvalidParameterException('CSS is too large.')
  const rule = /\s*([^{}]+?)\s*\{([^{}]*)\}\s*/gy
  let consumed = 0
  for (let match = rule.exec(css); match !== null; match = rule.exec(css)) {
    consumed = rule.lastIndex
    for (const selector of match[1]!.split(',').map((s) => s.trim())) {
      if (!SELECTORS.has(selector))
        throw new InvalidParameterException(
          `CSS selector ${selector.slice(0, 60)} is not customizable.`,
        )
    }
    for (const declaration of match[2]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)) {
      const colon = declaration.indexOf(':')
      const property = declaration.slice(0, colon).trim()
      const value = declaration.slice(colon + 1).trim()
      if (colon < 1 || !/^-?[a-z][a-z-]*$/.test(property))
        throw new InvalidParameterException(`Invalid CSS declaration: ${declaration.slice(0, 60)}`)
      if (
        /url\s*\(|@|\\|<|>|expression\s*\(|\/\*|\*\/|image-set|javascript:|behavior|-moz-binding|["']\s*\)/i.test(
          value,
        ) ||
        /^(behavior|-moz-binding)$/.test(property)
      ) {
        throw new InvalidParameterException(
          `CSS value not allowed for ${property}: external resources and escapes are refused.`,
        )
      }
    }
  }
  if (consumed !== css.length && css.slice(consumed).trim() !== '')
    throw new InvalidParameterException(
      'CSS could not be parsed: only plain rules for the customizable classes are allowed.',
    )
  return css
}

/** PNG or JPEG, by their signatures (never SVG, which can carry script). */
function logoType(bytes: Uint8Array): string {
  if (bytes.length > MAX_LOGO_BYTES)
    throw new InvalidParameterException('Logo image must be 100 KB or smaller.')
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  throw new InvalidParameterException('Logo image must be a PNG or JPEG file.')
}

/** SetUICustomization for the pool (ClientId absent or "ALL") or one client. */
export async function setUICustomization(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
  css: string | undefined,
  image: Uint8Array | undefined,
): Promise<UICustomization> {
  const target =
    clientId && clientId !== 'ALL'
      ? (await requireClient(services, pool.Id, clientId)).ClientId
      : 'ALL'
  const now = epochSeconds(services)
  const values = {
    ...(css !== undefined ? { CSS: checkCss(css), CSSVersion: String(now) } : {}),
    ...(image && image.length > 0
      ? { logo: { contentType: logoType(image), base64: toBase64(image) } }
      : {}),
  }
  return uiCustomizationRecords.put(services, pool.Id, target, (existing) => ({
    UserPoolId: pool.Id,
    ClientId: target,
    ...values,
    CreationDate: existing?.CreationDate ?? now,
    LastModifiedDate: now,
  }))
}

/** The customization that applies: the client's own, else the pool's, else none. */
export async function getUICustomization(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
): Promise<UICustomization | null> {
  if (clientId && clientId !== 'ALL') {
    const own = await uiCustomizationRecords.find(services, pool.Id, clientId)
    if (own) return own
  }
  return uiCustomizationRecords.find(services, pool.Id, 'ALL')
}
