import type { UICustomization } from '../../../userpool/model'

/**
 * Cognito's UICustomizationType; the logo is served by the hosted UI under /_ui/logo/. Its type
 * is inferred, so the targets returning it check it against the SDK's member by member.
 */
export function uiCustomizationType(record: UICustomization, origin: string) {
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
