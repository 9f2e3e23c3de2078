import { carriedQuery, ErrorMessage, Layout, Notice, PostForm } from '../layout'
import { PasskeyEntry } from './passkey-pages'

/** The social providers' buttons as Cognito labels them (each type has its one ProviderName). */
const SOCIAL_LABELS: Record<string, string> = {
  Google: 'Continue with Google',
  Facebook: 'Continue with Facebook',
  LoginWithAmazon: 'Continue with Amazon',
  SignInWithApple: 'Continue with Apple',
}

const providerButtonLabel = (name: string): string => SOCIAL_LABELS[name] ?? `Sign in with ${name}`

export function LoginPage(props: {
  params: Record<string, string | undefined>
  csrf: string
  error?: string
  notice?: string
  username?: string
  providers?: string[]
  local?: boolean
  /** The pool allows passkeys: offer signing in with one. */
  passkeys?: boolean
}) {
  const query = carriedQuery(props.params)
  const providers = props.providers ?? []
  return (
    <Layout title="Sign in">
      <h1 class="textDescription-customizable">Sign in</h1>
      <Notice message={props.notice} />
      <ErrorMessage message={props.error} />
      {providers.length > 0 && (
        <p class="providers">
          {providers.map((name) => (
            <a
              class="idpButton-customizable"
              href={`/oauth2/authorize?${carriedQuery(props.params, { identity_provider: name })}`}
            >
              {providerButtonLabel(name)}
            </a>
          ))}
        </p>
      )}
      {props.local !== false && (
        <>
          <PostForm
            action="/login"
            csrf={props.csrf}
            params={props.params}
            describedBy={props.error ? 'form-error' : undefined}
          >
            <label class="label-customizable" for="username">
              Username or email
            </label>
            <input
              class="inputField-customizable"
              id="username"
              name="username"
              type="text"
              autocomplete="username"
              required
              autofocus
              value={props.username ?? ''}
            />
            <label class="label-customizable" for="password">
              Password
            </label>
            <input
              class="inputField-customizable"
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
            <button type="submit" class="submitButton-customizable">
              Sign in
            </button>
          </PostForm>
          {props.passkeys && <PasskeyEntry params={props.params} csrf={props.csrf} />}
          <p class="links">
            <a href={`/signup?${query}`}>Create an account</a> ·{' '}
            <a href={`/forgotPassword?${query}`}>Forgot your password?</a>
          </p>
        </>
      )}
    </Layout>
  )
}
