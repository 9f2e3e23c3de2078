import { ErrorMessage, Layout, PostForm } from '../layout'

interface MfaFormProps {
  params: Record<string, string | undefined>
  csrf: string
  session: string
  error?: string
}

function CodeField() {
  return (
    <>
      <label class="label-customizable" for="code">
        Code from your authenticator app
      </label>
      <input
        class="inputField-customizable"
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        pattern="[0-9]{6}"
        maxlength={6}
        autocomplete="one-time-code"
        required
        autofocus
      />
    </>
  )
}

/** The second step of a sign-in for a user with a TOTP authenticator. */
export function SoftwareTokenPage(props: MfaFormProps) {
  return (
    <Layout title="Enter your code">
      <h1 class="textDescription-customizable">Enter your code</h1>
      <ErrorMessage message={props.error} />
      <PostForm
        action="/login/mfa"
        csrf={props.csrf}
        params={props.params}
        hidden={{ session: props.session }}
      >
        <CodeField />
        <button type="submit" class="submitButton-customizable">
          Sign in
        </button>
      </PostForm>
    </Layout>
  )
}

/** MFA_SETUP in the hosted UI: the new secret to add to an authenticator app, then a code from it. */
export function MfaSetupPage(props: MfaFormProps & { secret: string; otpauthUri: string }) {
  return (
    <Layout title="Set up your authenticator">
      <h1 class="textDescription-customizable">Set up your authenticator</h1>
      <p class="textDescription-customizable">
        This account needs a second factor. Add this key to an authenticator app, then enter the
        code it shows.
      </p>
      <p>
        <code id="totp-secret">{props.secret}</code>
      </p>
      <p>
        <a id="totp-uri" href={props.otpauthUri}>
          Open in an authenticator app
        </a>
      </p>
      <ErrorMessage message={props.error} />
      <PostForm
        action="/login/mfa-setup"
        csrf={props.csrf}
        params={props.params}
        hidden={{ session: props.session }}
      >
        <CodeField />
        <button type="submit" class="submitButton-customizable">
          Verify and sign in
        </button>
      </PostForm>
    </Layout>
  )
}
