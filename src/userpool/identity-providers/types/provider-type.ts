import type { IdentityProviderType, UserPoolConfig } from '../../model'
import type { UserPoolServices } from '../../services'

/** What one ProviderType of Cognito's IdentityProviderType asks of its ProviderDetails. */
export interface ProviderTypeRules {
  /**
   * The details to store, checked and completed, from the ones given at CreateIdentityProvider
   * (or the stored ones with UpdateIdentityProvider's merged over them). Throws
   * InvalidParameterException naming what is wrong.
   */
  checkDetails(
    details: Record<string, string>,
    context: { services: UserPoolServices; pool: UserPoolConfig },
  ): Promise<Record<string, string>>
  /** The one ProviderName a provider of this type may have (Cognito's rule for social types). */
  providerName?: string
  /** The details DescribeIdentityProvider answers; without it, the stored details as they are. */
  publicDetails?(details: Record<string, string>): Record<string, string>
}

/** The types whose rules are given: Cognito's other types are refused at creation. */
export type SupportedProviderTypes = Partial<Record<IdentityProviderType, ProviderTypeRules>>
