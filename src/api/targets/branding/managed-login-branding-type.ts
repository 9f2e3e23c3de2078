import type { ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider'
import { fromBase64, toBase64 } from '../../../crypto/encoding'
import type {
  BrandingAsset,
  BrandingInput,
  ManagedLoginBranding,
} from '../../../userpool/branding/managed-login-branding'
import type { Wire } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import {
  blob,
  boolean,
  enumeration,
  list,
  opaqueStructure,
  string,
  structure,
} from '../../validation/shape'

export const ManagedLoginBrandingId = string({
  pattern:
    '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
})

const Asset = structure(
  {
    Category: enumeration([
      'FAVICON_ICO',
      'FAVICON_SVG',
      'EMAIL_GRAPHIC',
      'SMS_GRAPHIC',
      'AUTH_APP_GRAPHIC',
      'PASSWORD_GRAPHIC',
      'PASSKEY_GRAPHIC',
      'PAGE_HEADER_LOGO',
      'PAGE_HEADER_BACKGROUND',
      'PAGE_FOOTER_LOGO',
      'PAGE_FOOTER_BACKGROUND',
      'PAGE_BACKGROUND',
      'FORM_BACKGROUND',
      'FORM_LOGO',
      'IDP_BUTTON_ICON',
    ]),
    ColorMode: enumeration(['LIGHT', 'DARK', 'DYNAMIC']),
    Extension: enumeration(['ICO', 'JPEG', 'PNG', 'SVG', 'WEBP']),
    Bytes: blob({ max: 1_000_000 }),
    ResourceId: string({ min: 1, max: 40, pattern: '^[\\w\\- ]+$' }),
  },
  ['Category', 'ColorMode', 'Extension'],
)

/** The members a style is made or changed with. */
export const brandingMembers = {
  UseCognitoProvidedValues: boolean(),
  Settings: opaqueStructure(),
  Assets: list(Asset, { max: 40 }),
}

export { UserPoolId }

type AssetInput = {
  Category: string
  ColorMode: string
  Extension: string
  Bytes?: Uint8Array
  ResourceId?: string
}

/** The domain's input from the request's members (asset bytes kept as base64). */
export function brandingInput(input: {
  UseCognitoProvidedValues?: boolean
  Settings?: Record<string, unknown>
  Assets?: AssetInput[]
}): BrandingInput {
  return {
    ...(input.UseCognitoProvidedValues !== undefined
      ? { UseCognitoProvidedValues: input.UseCognitoProvidedValues }
      : {}),
    ...(input.Settings ? { Settings: input.Settings } : {}),
    ...(input.Assets
      ? {
          Assets: input.Assets.map(
            (a): BrandingAsset => ({
              Category: a.Category,
              ColorMode: a.ColorMode,
              Extension: a.Extension,
              ...(a.Bytes ? { Bytes: toBase64(a.Bytes) } : {}),
              ...(a.ResourceId ? { ResourceId: a.ResourceId } : {}),
            }),
          ),
        }
      : {}),
  }
}

/** ManagedLoginBrandingType with Settings as the JSON object it is on the wire. */
type BrandingType = Omit<ManagedLoginBrandingType, 'Settings'> & {
  Settings?: Record<string, unknown>
}

/** The answer of every operation that returns a style. */
export interface BrandingResponse {
  ManagedLoginBranding?: BrandingType
}

/**
 * ManagedLoginBrandingType as stored. ReturnMergedResources asks for the style merged with
 * Cognito's defaults; Portcullis has no defaults document, so the stored style is the merge.
 */
export function managedLoginBrandingType(style: ManagedLoginBranding): Wire<BrandingType> {
  return {
    ManagedLoginBrandingId: style.ManagedLoginBrandingId,
    UserPoolId: style.UserPoolId,
    UseCognitoProvidedValues: style.UseCognitoProvidedValues,
    ...(style.Settings ? { Settings: style.Settings } : {}),
    Assets: style.Assets.map((a) => ({
      Category: a.Category as never,
      ColorMode: a.ColorMode as never,
      Extension: a.Extension as never,
      // Round-tripped through bytes so the answer is canonical base64.
      ...(a.Bytes !== undefined ? { Bytes: toBase64(fromBase64(a.Bytes)) } : {}),
      ...(a.ResourceId ? { ResourceId: a.ResourceId } : {}),
    })),
    CreationDate: style.CreationDate,
    LastModifiedDate: style.LastModifiedDate,
  }
}
