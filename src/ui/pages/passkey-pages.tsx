import { ErrorMessage, Layout, PostForm } from '../layout'

interface CeremonyProps {
  params: Record<string, string | undefined>
  csrf: string
  /** The ceremony's options, as the JSON navigator.credentials takes once decoded. */
  options: string
  error?: string
}

/** A form the passkey script drives: its button runs the ceremony, then the form posts the result. */
function CeremonyForm(
  props: CeremonyProps & {
    mode: 'get' | 'create'
    action: string
    hidden: Record<string, string>
    label: string
  },
) {
  return (
    <PostForm
      action={props.action}
      csrf={props.csrf}
      params={props.params}
      hidden={{ ...props.hidden, credential: '' }}
      attributes={{ 'data-passkey': props.mode, 'data-options': props.options }}
    >
      <button type="button" id="passkey-button" class="submitButton-customizable">
        {props.label}
      </button>
      <p id="passkey-status" role="status" />
    </PostForm>
  )
}

/** The login page's way in for passkeys: a name, then the passkey step. */
export function PasskeyEntry(props: { params: Record<string, string | undefined>; csrf: string }) {
  return (
    <PostForm action="/login/passkey" csrf={props.csrf} params={props.params}>
      <label class="label-customizable" for="passkey-username">
        Username or email, to sign in with a passkey
      </label>
      <input
        class="inputField-customizable"
        id="passkey-username"
        name="username"
        type="text"
        autocomplete="username webauthn"
        required
      />
      <button type="submit" class="submitButton-customizable secondary">
        Sign in with a passkey
      </button>
    </PostForm>
  )
}

/** The passkey step of a sign-in: navigator.credentials.get with the user's passkeys. */
export function PasskeySignInPage(props: CeremonyProps & { session: string }) {
  return (
    <Layout title="Sign in with a passkey">
      <h1 class="textDescription-customizable">Sign in with a passkey</h1>
      <ErrorMessage message={props.error} />
      <CeremonyForm
        {...props}
        mode="get"
        action="/login/passkey/verify"
        hidden={{ session: props.session }}
        label="Use my passkey"
      />
      <script src="/_ui/passkey.js" />
    </Layout>
  )
}

/** After a sign-in, for a user without a passkey: make one now, or go on without. */
export function PasskeySetupPage(props: CeremonyProps & { ticket: string }) {
  return (
    <Layout title="Add a passkey">
      <h1 class="textDescription-customizable">Sign in faster next time</h1>
      <p class="textDescription-customizable">
        Add a passkey to sign in with your device’s screen lock instead of a password.
      </p>
      <ErrorMessage message={props.error} />
      <CeremonyForm
        {...props}
        mode="create"
        action="/login/passkey/setup"
        hidden={{ ticket: props.ticket }}
        label="Add a passkey"
      />
      <PostForm
        action="/login/passkey/setup"
        csrf={props.csrf}
        params={props.params}
        hidden={{ ticket: props.ticket, skip: '1' }}
      >
        <button type="submit" id="passkey-skip" class="submitButton-customizable secondary">
          Not now
        </button>
      </PostForm>
      <script src="/_ui/passkey.js" />
    </Layout>
  )
}
