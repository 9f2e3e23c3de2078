import type { UICustomization } from '../../../userpool/ui-customization'

/** Cognito's UICustomizationType; the logo is served by the hosted UI under /_ui/logo/. */
export function uiCustomizationType(
  record: UICustomization,
  origin: string,
): Record<string, unknown> {
  const { logo, ...rest } = record
  return {
    ...rest,
    ...(logo
      ? {
          ImageUrl: `${origin}/_ui/logo/${record.UserPoolId}/${record.ClientId}?v=${record.LastModifiedDate}`,
        }
      : {}),
  }
}
