import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * Keys of the account's IAM store. IAM names are unique regardless of case ("Admin" and "admin"
 * cannot both exist), so every name is keyed lower-cased; records keep the name as created.
 */
const folded = (name: string): string => name.toLowerCase()

export const iamKeys = {
  role: (roleName: string) => storeKey('role', folded(roleName)),
  rolePrefix: storeKeyPrefix('role'),
  /** An inline policy of a role. */
  inlinePolicy: (roleName: string, policyName: string) =>
    storeKey('inline', folded(roleName), folded(policyName)),
  inlinePolicyPrefix: (roleName: string) => storeKeyPrefix('inline', folded(roleName)),
  policy: (policyName: string) => storeKey('policy', folded(policyName)),
  policyVersion: (policyName: string, versionId: string) =>
    storeKey('policy-version', folded(policyName), versionId),
  policyVersionPrefix: (policyName: string) => storeKeyPrefix('policy-version', folded(policyName)),
  /** A managed policy attached to a role, seen from the role… */
  attached: (roleName: string, policyName: string) =>
    storeKey('attached', folded(roleName), folded(policyName)),
  attachedPrefix: (roleName: string) => storeKeyPrefix('attached', folded(roleName)),
  /** …and from the policy, to count its attachments and refuse deleting it while attached. */
  attachedTo: (policyName: string, roleName: string) =>
    storeKey('attached-to', folded(policyName), folded(roleName)),
  attachedToPrefix: (policyName: string) => storeKeyPrefix('attached-to', folded(policyName)),
  /** An OpenID Connect provider, by its ARN's resource (issuer host, lower-cased, and path). */
  oidcProvider: (resource: string) => storeKey('oidc-provider', resource),
  oidcProviderPrefix: storeKeyPrefix('oidc-provider'),
} as const

/** The name a key of a family listed by prefix ends with (its last part, stored as given). */
export const lastPart = (key: string, prefix: string): string => key.slice(prefix.length)
