/**
 * Import rules between Portcullis's layers, run by `npm run depcheck` (part of `npm test`):
 * - foundations (crypto, storage, errors, messaging, oidc, xml) import no other layer;
 * - the OIDC relying-party core (oidc) keeps nothing in storage, only bounded per-isolate caches;
 * - Durable Object classes (storage/do) import nothing but storage, except that the rate limiter's
 *   object may import the ledger it keeps (security/attempt-ledger);
 * - only storage/do and the Worker's entry (src/index.ts) import `cloudflare:workers`, the home of
 *   `DurableObject` (and of `WorkerEntrypoint`, which only an entry declares): so Durable Object
 *   classes live in storage/do and nowhere else;
 * - domain (userpool, identitypool, iam, sync, security) imports no protocol layer and not the app;
 * - neither the domain nor the foundations import the web framework (the `hono` package): HTTP is
 *   the protocol layers' business;
 * - protocol layers (api, query, oauth, ui, gateway, dev, sync-api) import neither one another nor
 *   the app; sync-api reads its input with the JSON API's shape language (api/validation/shape)
 *   and types its output with its `Wire` (api/target), the one implementation of each;
 * - shared HTTP helpers (src/http) sit between the domain and the protocol layers;
 * - the pool store and the registry are reached through their repositories (src/userpool/store)
 *   alone, which keep the per-isolate cache honest;
 * - no cycles, no orphans.
 * Type-only imports count (tsPreCompilationDeps): needing another layer's types is depending on it.
 * Packages are in the graph (not followed into) so that rules can name them.
 */
const FOUNDATIONS = '^src/(crypto|storage|errors|messaging|oidc|xml)/'
// Durable Object classes: a stricter layer inside storage, with its own rule below.
const DURABLE_OBJECTS = '^src/storage/do/'
const DOMAIN = '^src/(userpool|identitypool|iam|sync|security)/'
const PROTOCOL = '^src/(api|query|oauth|ui|gateway|dev|sync-api)/'
const APP = '^src/(app|config|index|env)\\.ts$'
// Shared HTTP helpers of the protocol layers: may use foundations and domain, never a protocol layer.
const HTTP = '^src/http/'
// The web framework: the package itself and every subpath (hono/cookie, hono/jsx, ...).
const HONO = '^node_modules/hono/'

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-orphans', severity: 'error', from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/index\\.ts$', '^client/sync/index\\.ts$'] }, to: {} },
    {
      name: 'foundations-import-only-foundations',
      severity: 'error',
      from: { path: FOUNDATIONS, pathNot: DURABLE_OBJECTS },
      to: { path: [DOMAIN, PROTOCOL, HTTP, '^src/(app|config|index)\\.ts$'] },
    },
    {
      // test/unit/oidc-imports.test.ts holds its packages to jose alone.
      name: 'oidc-core-keeps-no-storage',
      severity: 'error',
      from: { path: '^src/oidc/' },
      to: { path: '^src/storage/', pathNot: '^src/storage/bounded-cache\\.ts$' },
    },
    {
      name: 'durable-objects-import-nothing-above-storage',
      severity: 'error',
      // The one exception: the rate limiter's books (security/attempt-ledger) are domain logic
      // written against a storage interface, and its Durable Object is only the storage shell.
      from: { path: DURABLE_OBJECTS },
      to: {
        path: '^src/',
        pathNot: ['^src/storage/', '^src/security/attempt-ledger\\.ts$'],
      },
    },
    {
      name: 'durable-objects-only-in-storage-do',
      severity: 'error',
      from: { pathNot: [DURABLE_OBJECTS, '^src/index\\.ts$'] },
      to: { path: '^cloudflare:workers$' },
    },
    {
      name: 'domain-and-foundations-know-no-web-framework',
      severity: 'error',
      from: { path: [DOMAIN, FOUNDATIONS] },
      to: { path: HONO },
    },
    { name: 'domain-has-no-protocol', severity: 'error', from: { path: DOMAIN }, to: { path: [PROTOCOL, APP] } },
    { name: 'api-is-not-another-protocol', severity: 'error', from: { path: '^src/api/' }, to: { path: '^src/(query|oauth|ui|gateway|dev|sync-api)/' } },
    { name: 'query-is-not-another-protocol', severity: 'error', from: { path: '^src/query/' }, to: { path: '^src/(api|oauth|ui|gateway|dev|sync-api)/' } },
    { name: 'oauth-is-not-another-protocol', severity: 'error', from: { path: '^src/oauth/' }, to: { path: '^src/(api|query|ui|gateway|dev|sync-api)/' } },
    {
      // The console reads its forms with the JSON API's shape language and its shapes (the
      // validation module and the pool and client shapes), the one statement of each input rule.
      name: 'ui-is-not-another-protocol',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: {
        path: '^src/(api|query|oauth|gateway|dev|sync-api)/',
        pathNot: [
          '^src/api/validation/(shape|cognito-shapes)\\.ts$',
          '^src/api/targets/(pools/pool-shapes|clients/client-shapes)\\.ts$',
        ],
      },
    },
    { name: 'gateway-is-not-another-protocol', severity: 'error', from: { path: '^src/gateway/' }, to: { path: '^src/(api|query|oauth|ui|dev|sync-api)/' } },
    { name: 'dev-is-not-another-protocol', severity: 'error', from: { path: '^src/dev/' }, to: { path: '^src/(api|query|oauth|ui|gateway|sync-api)/' } },
    {
      name: 'sync-api-is-not-another-protocol',
      severity: 'error',
      from: { path: '^src/sync-api/' },
      to: {
        path: '^src/(api|query|oauth|ui|gateway|dev)/',
        pathNot: ['^src/api/validation/shape\\.ts$', '^src/api/target\\.ts$'],
      },
    },
    { name: 'http-helpers-are-below-protocols', severity: 'error', from: { path: HTTP }, to: { path: [PROTOCOL, APP] } },
    { name: 'domain-does-not-use-http-helpers', severity: 'error', from: { path: DOMAIN }, to: { path: HTTP } },
    {
      name: 'pool-cache-is-the-repositories-own',
      severity: 'error',
      from: { pathNot: '^src/userpool/store/' },
      to: { path: '^src/userpool/store/(cached-stores|record-family)\\.ts$' },
    },
    { name: 'protocols-do-not-import-the-app', severity: 'error', from: { path: PROTOCOL }, to: { path: '^src/(app|index)\\.ts$' } },
    {
      // The sync client ships to browsers and apps on its own: it speaks to the Worker only over
      // the wire, and the Worker never carries it.
      name: 'sync-client-stands-alone',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^src/' },
    },
    { name: 'worker-does-not-carry-the-client', severity: 'error', from: { path: '^src/' }, to: { path: '^client/' } },
  ],
  options: {
    // Packages stay in the graph as leaves, so rules can name them, but are never read into.
    doNotFollow: { path: 'node_modules' },
    // Packages are named by where they are installed here, even when node_modules is a link.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
