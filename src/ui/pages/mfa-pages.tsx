import { ErrorMessage, Layout, PostForm } from '../layout'

interface MfaFormProps {
  params: Record<string, string | undefined>
  csrf: string
  session: string
  error?: string
}

function CodeField(props: { label?: string }) {
  return (
    <>
      <label class="label-customizable" for="code">
        {props.label ?? 'Code from your authenticator app'}
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

/** The second step of a sign-in by a code sent to the user's phone (SMS_MFA) or email (EMAIL_OTP). */
export function SentCodePage(
  props: MfaFormProps & { challenge: 'SMS_MFA' | 'EMAIL_OTP'; destination: string },
) {
  const where = props.challenge === 'SMS_MFA' ? 'by text message' : 'by email'
  return (
    <Layout title="Enter your code">
      <h1 class="textDescription-customizable">Enter your code</h1>
      <p class="textDescription-customizable" id="code-destination">
        {props.destination
          ? `We sent a code ${where} to ${props.destination}.`
          : `We sent you a code ${where}.`}
      </p>
      <ErrorMessage message={props.error} />
      <PostForm
        action="/login/mfa-code"
        csrf={props.csrf}
        params={props.params}
        hidden={{
          session: props.session,
          challenge: props.challenge,
          destination: props.destination,
        }}
      >
        <CodeField label="Code" />
        <button type="submit" class="submitButton-customizable">
          Sign in
        </button>
      </PostForm>
    </Layout>
  )
}

const FACTOR_LABEL: Record<string, string> = {
  SMS_MFA: 'Text message',
  EMAIL_OTP: 'Email',
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
}

/** SELECT_MFA_TYPE: the user picks which of their second factors to use now. */
export function SelectFactorPage(props: MfaFormProps & { choices: string[] }) {
  return (
    <Layout title="Choose how to verify">
      <h1 class="textDescription-customizable">Choose how to verify it is you</h1>
      <ErrorMessage message={props.error} />
      {props.choices.map((choice) => (
        <PostForm
          action="/login/mfa-select"
          csrf={props.csrf}
          params={props.params}
          hidden={{ session: props.session, answer: choice }}
        >
          <button type="submit" class="submitButton-customizable" id={`choose-${choice}`}>
            {FACTOR_LABEL[choice] ?? choice}
          </button>
        </PostForm>
      ))}
    </Layout>
  )
}

/** MFA_SETUP where the pool offers no authenticator app: a phone number or email must be added for the user. */
export function FactorMissingPage() {
  return (
    <Layout title="A second factor is needed">
      <h1 class="textDescription-customizable">A second factor is needed</h1>
      <p class="textDescription-customizable">
        This account needs a phone number or a verified email address to receive sign-in codes. Ask
        your administrator to add one, then sign in again.
      </p>
    </Layout>
  )
}
