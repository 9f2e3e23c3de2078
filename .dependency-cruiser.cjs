/**
 * Import rules between Portcullis's layers, run by `npm run depcheck` (part of `npm test`):
 * - foundations (crypto, storage, errors, messaging, oidc, xml) import no other layer;
 * - the OIDC relying-party core (oidc) keeps nothing in storage, only bounded per-isolate caches;
 * - Durable Object classes (storage/do) import nothing but storage;
 * - domain (userpool, identitypool, iam, sync, security) imports no protocol layer and not the app;
 * - protocol layers (api, query, oauth, ui, gateway, dev) import neither one another nor the app;
 * - shared HTTP helpers (src/http) sit between the domain and the protocol layers;
 * - no cycles, no orphans.
 * Type-only imports count (tsPreCompilationDeps): needing another layer's types is depending on it.
 */
const FOUNDATIONS = '^src/(crypto|storage|errors|messaging|oidc|xml)/'
const DOMAIN = '^src/(userpool|identitypool|iam|sync|security)/'
const PROTOCOL = '^src/(api|query|oauth|ui|gateway|dev)/'
const APP = '^src/(app|config|index|env)\\.ts$'
// Shared HTTP helpers of the protocol layers: may use foundations and domain, never a protocol layer.
const HTTP = '^src/http/'

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-orphans', severity: 'error', from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/index\\.ts$'] }, to: {} },
    {
      name: 'foundations-import-only-foundations',
      severity: 'error',
      from: { path: FOUNDATIONS },
      to: { path: [DOMAIN, PROTOCOL, HTTP, '^src/(app|config|index)\\.ts$'] },
    },
    {
      // Packages are excluded below, so test/unit/oidc-imports.test.ts holds it to jose alone.
      name: 'oidc-core-keeps-no-storage',
      severity: 'error',
      from: { path: '^src/oidc/' },
      to: { path: '^src/storage/', pathNot: '^src/storage/bounded-cache\\.ts$' },
    },
    {
      name: 'durable-objects-import-nothing-above-storage',
      severity: 'error',
      from: { path: '^src/storage/do/' },
      to: { path: '^src/', pathNot: '^src/storage/' },
    },
    { name: 'domain-has-no-protocol', severity: 'error', from: { path: DOMAIN }, to: { path: [PROTOCOL, APP] } },
    { name: 'api-is-not-another-protocol', severity: 'error', from: { path: '^src/api/' }, to: { path: '^src/(query|oauth|ui|gateway|dev)/' } },
    { name: 'query-is-not-another-protocol', severity: 'error', from: { path: '^src/query/' }, to: { path: '^src/(api|oauth|ui|gateway|dev)/' } },
    { name: 'oauth-is-not-another-protocol', severity: 'error', from: { path: '^src/oauth/' }, to: { path: '^src/(api|query|ui|gateway|dev)/' } },
    { name: 'ui-is-not-another-protocol', severity: 'error', from: { path: '^src/ui/' }, to: { path: '^src/(api|query|oauth|gateway|dev)/' } },
    { name: 'gateway-is-not-another-protocol', severity: 'error', from: { path: '^src/gateway/' }, to: { path: '^src/(api|query|oauth|ui|dev)/' } },
    { name: 'dev-is-not-another-protocol', severity: 'error', from: { path: '^src/dev/' }, to: { path: '^src/(api|query|oauth|ui|gateway)/' } },
    { name: 'http-helpers-are-below-protocols', severity: 'error', from: { path: HTTP }, to: { path: [PROTOCOL, APP] } },
    { name: 'domain-does-not-use-http-helpers', severity: 'error', from: { path: DOMAIN }, to: { path: HTTP } },
    { name: 'protocols-do-not-import-the-app', severity: 'error', from: { path: PROTOCOL }, to: { path: '^src/(app|index)\\.ts$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
