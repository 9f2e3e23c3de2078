import { createContext, useContext, type Child } from 'hono/jsx'

/** The pool's or client's branding for the page being rendered (SetUICustomization). */
export interface Branding {
  css?: string
  logoUrl?: string
}

export const BrandingContext = createContext<Branding>({})

/** Built-in styles: no third-party fonts, scripts or images; WCAG AA contrast. */
const STYLES = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#1d2430}
img{border:0}.logo-customizable{display:block;max-width:100%;max-height:6rem;margin:0 auto 1rem}main{max-width:24rem;margin:6vh auto;padding:2rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1.25rem}label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #6b7280;border-radius:6px}
input:focus,button:focus,a:focus{outline:3px solid #2563eb;outline-offset:2px}
button{width:100%;margin-top:1.4rem;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:6px;cursor:pointer}
.error{background:#fdecec;color:#8a1c1c;border:1px solid #f5b5b5;padding:.6rem .8rem;border-radius:6px}
.notice{background:#e8f4ec;color:#14532d;border:1px solid #9fd3b0;padding:.6rem .8rem;border-radius:6px}
.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.links{margin-top:1rem;font-size:.95rem}a{color:#1d4ed8}
@media (max-width:30rem){main{margin:0;border-radius:0;min-height:100vh}}`

export function Layout(props: { title: string; children: Child }) {
  const branding = useContext(BrandingContext)
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style>{STYLES}</style>
        {/* Checked by the domain: only the customizable classes, no url(), no escapes, no '<'. */}
        {branding.css ? <style>{branding.css}</style> : null}
      </head>
      <body class="background-customizable">
        <main class="banner-customizable">
          {branding.logoUrl ? (
            <img class="logo-customizable" src={branding.logoUrl} alt="" />
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** An error message screen readers announce as soon as the page loads. */
export function ErrorMessage(props: { message: string | undefined }) {
  if (!props.message) return null
  return (
    <p class="error errorMessage-customizable" role="alert" id="form-error">
      {props.message}
    </p>
  )
}

/** A status message (polite live region). */
export function Notice(props: { message: string | undefined }) {
  if (!props.message) return null
  return (
    <p class="notice" role="status">
      {props.message}
    </p>
  )
}

/** The query string that carries the authorization request to the next page. */
export function carriedQuery(
  params: Record<string, string | undefined>,
  extra: Record<string, string> = {},
): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && CARRIED.has(entry[0]),
  )
  return new URLSearchParams([...entries, ...Object.entries(extra)]).toString()
}

/**
 * Every hosted-UI form: a POST carrying the CSRF token (checked against its double-submit cookie),
 * the step's own hidden fields (`hidden`, in order) and the authorization request.
 */
export function PostForm(props: {
  action: string
  csrf: string
  params: Record<string, string | undefined>
  hidden?: Record<string, string>
  describedBy?: string | undefined
  /** More attributes of the form element (the passkey pages' `data-` attributes). */
  attributes?: Record<string, string>
  children: Child
}) {
  return (
    <form
      method="post"
      action={props.action}
      aria-describedby={props.describedBy}
      {...props.attributes}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <CarriedParams params={props.params} />
      {props.children}
    </form>
  )
}

/** The authorization request travels with every hosted-UI form, as Cognito's /login does. */
function CarriedParams(props: { params: Record<string, string | undefined> }) {
  return (
    <>
      {Object.entries(props.params)
        .filter(([name, value]) => value !== undefined && CARRIED.has(name))
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
    </>
  )
}

const CARRIED = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
])

/**
 * Headers of every hosted-UI page (DESIGN §5): no caching, no framing, no referrer, no outside
 * resources. `form-action` also governs where a form's redirect may lead, so it names the one
 * validated redirect URI's origin besides our own.
 */
export function pageHeaders(
  redirectUri: string | undefined,
  { script = false }: { script?: boolean } = {},
): Record<string, string> {
  const target = redirectUri ? ` ${new URL(redirectUri).origin}` : ''
  // Only the passkey pages run a script, and only ours, from this origin (never inline).
  const scripts = script ? "; script-src 'self'" : ''
  return {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'${scripts}`,
  }
}
