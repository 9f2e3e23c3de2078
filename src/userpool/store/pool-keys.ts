import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * Every key of a pool's own store (`stores.pool(poolId)`), and the only place they are spelled.
 * Names, ids and identifiers are user-chosen: they reach a key only through `storeKey`, so `:` or
 * `%` in a group or provider name cannot make two records share a key.
 */
export const poolKeys = {
  /** The pool's configuration (UserPoolConfig). */
  config: 'config',
  /** The active and the next signing key, written with the configuration. */
  signingKeys: 'signing-keys',
  /** The pool's hosted-UI domain (its claim on the name is in the registry). */
  domain: 'domain',
  client: (clientId: string) => storeKey('client', clientId),
  clients: storeKeyPrefix('client'),
  group: (groupName: string) => storeKey('group', groupName),
  groups: storeKeyPrefix('group'),
  identityProvider: (providerName: string) => storeKey('idp', providerName),
  identityProviders: storeKeyPrefix('idp'),
  resourceServer: (identifier: string) => storeKey('resource-server', identifier),
  resourceServers: storeKeyPrefix('resource-server'),
  /** A client's hosted-UI customization, or the pool's (`ALL`). */
  uiCustomization: (target: string) => storeKey('ui', target),
  uiCustomizations: storeKeyPrefix('ui'),
  /** A client's threat-protection (risk) configuration, or the pool's (`ALL`). */
  riskConfiguration: (target: string) => storeKey('risk', target),
  riskConfigurations: storeKeyPrefix('risk'),
  /** A user import job (UserImportJob), by job id; ids sort newest first. */
  importJob: (jobId: string) => storeKey('import-job', jobId),
  importJobs: storeKeyPrefix('import-job'),
  /** A managed-login style, by its id; and which style an app client has. */
  managedLoginBranding: (id: string) => storeKey('branding', id),
  managedLoginBrandingOfClient: (clientId: string) => storeKey('branding-client', clientId),
  /** Terms documents, by id; and which terms id an app client has under a name. */
  terms: (termsId: string) => storeKey('terms', termsId),
  termsList: storeKeyPrefix('terms'),
  termsOfClient: (clientId: string, termsName: string) =>
    storeKey('terms-client', clientId, termsName),
  /** GetLogDeliveryConfiguration / SetLogDeliveryConfiguration. */
  logDelivery: 'log-delivery',
} as const
