import type { TermsType } from '@aws-sdk/client-cognito-identity-provider'
import type { Terms } from '../../../userpool/terms/terms'
import type { Wire } from '../../target'
import { enumeration, map, string } from '../../validation/shape'

const Uuid =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$'
export const TermsId = string({ pattern: Uuid })
export const TermsName = enumeration(['terms-of-use', 'privacy-policy'])
export const TermsSource = enumeration(['LINK'])
export const Enforcement = enumeration(['NONE'])
const LanguageId =
  '^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$'
export const Links = map(
  string({ min: 1, max: 1024, pattern: '^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$' }),
  { key: { pattern: LanguageId }, max: 13 },
)

export const termsType = (terms: Terms): Wire<TermsType> => ({ ...terms })
