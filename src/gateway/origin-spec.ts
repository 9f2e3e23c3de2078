/**
 * Where a route's requests go. The table names an origin as text; the Worker resolves the
 * non-URL forms against its own bindings (`wrangler.toml`), so only URL origins exist at the edge.
 *
 * - `https://api.example.com/base`: any HTTP(S) origin; the request path is appended to the base.
 * - `binding:NAME`: a service binding to another Worker, which receives the original URL.
 * - `assets:` or `assets:NAME`: the Worker's static assets (binding `ASSETS` unless named).
 * - `r2:NAME` or `r2:NAME/prefix/`: objects of an R2 bucket binding, keyed by prefix + path.
 * - `s3:NAME` or `s3:NAME/prefix/`: the S3 API over an R2 bucket binding (S3 keys stored under
 *   the prefix), mounted at the route's path and answering SigV4-signed requests only.
 */
export type OriginSpec =
  | { kind: 'url'; base: string }
  | { kind: 'service'; binding: string }
  | { kind: 'assets'; binding: string }
  | { kind: 'r2'; binding: string; keyPrefix: string }
  | { kind: 's3'; binding: string; keyPrefix: string }

const BINDING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Parses an origin as written in the route table; a string result is the problem with it. */
export function parseOriginSpec(text: unknown): OriginSpec | string {
  if (typeof text !== 'string' || text === '')
    return 'must be an http(s) URL, binding:NAME, assets:[NAME], r2:NAME[/prefix] or s3:NAME[/prefix]'
  const scheme = /^(binding|assets|r2|s3):(.*)$/.exec(text)
  if (scheme) {
    const [, kind, rest = ''] = scheme
    if (kind === 'assets') {
      const binding = rest === '' ? 'ASSETS' : rest
      return BINDING_NAME.test(binding)
        ? { kind: 'assets', binding }
        : 'assets:NAME needs a binding name (letters, digits, _)'
    }
    if (kind === 'binding')
      return BINDING_NAME.test(rest)
        ? { kind: 'service', binding: rest }
        : 'binding:NAME needs a service binding name (letters, digits, _)'
    const slash = rest.indexOf('/')
    const binding = slash === -1 ? rest : rest.slice(0, slash)
    // A prefix is a folder: `r2:SITE/www` and `r2:SITE/www/` both serve keys under `www/`.
    const folder = slash === -1 ? '' : rest.slice(slash + 1)
    const keyPrefix = folder === '' || folder.endsWith('/') ? folder : `${folder}/`
    if (!BINDING_NAME.test(binding))
      return `${kind}:NAME needs an R2 bucket binding name (letters, digits, _)`
    if (
      keyPrefix
        .split('/')
        .slice(0, -1)
        .some((segment) => segment === '' || segment === '.' || segment === '..')
    )
      return `${kind}:NAME/prefix must be made of non-empty segments without . or ..`
    return { kind: kind === 's3' ? 's3' : 'r2', binding, keyPrefix }
  }
  try {
    const url = new URL(text)
    if (
      !['http:', 'https:'].includes(url.protocol) ||
      url.search ||
      url.hash ||
      url.username ||
      url.password
    )
      throw new Error('not a plain http(s) base')
    return { kind: 'url', base: url.origin + url.pathname.replace(/\/$/, '') }
  } catch {
    return 'must be an http(s) URL (without query, fragment or credentials), binding:NAME, assets:[NAME], r2:NAME[/prefix] or s3:NAME[/prefix]'
  }
}

/** The origin as it would be written in the table, for logs and error messages. */
export function describeOrigin(origin: OriginSpec): string {
  switch (origin.kind) {
    case 'url':
      return origin.base
    case 'service':
      return `binding:${origin.binding}`
    case 'assets':
      return `assets:${origin.binding}`
    case 'r2':
    case 's3':
      return `${origin.kind}:${origin.binding}${origin.keyPrefix ? `/${origin.keyPrefix}` : ''}`
  }
}
