import { carriedQuery, ErrorMessage, Layout, Notice, PostForm } from '../layout'

interface FormProps {
  params: Record<string, string | undefined>
  csrf: string
  error?: string
  notice?: string
}

/** Sign up: username (or email), password, and the attributes the pool requires. */
export function SignUpPage(
  props: FormProps & {
    usernameLabel: string
    fields: Array<{ name: string; label: string; type: string }>
  },
) {
  return (
    <Layout title="Create an account">
      <h1 class="textDescription-customizable">Create an account</h1>
      <ErrorMessage message={props.error} />
      <PostForm action="/signup" csrf={props.csrf} params={props.params}>
        <label class="label-customizable" for="username">
          {props.usernameLabel}
        </label>
        <input
          class="inputField-customizable"
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          required
          autofocus
        />
        {props.fields.map((field) => (
          <>
            <label class="label-customizable" for={`attr-${field.name}`}>
              {field.label}
            </label>
            <input
              class="inputField-customizable"
              id={`attr-${field.name}`}
              name={`attr.${field.name}`}
              type={field.type}
              required
            />
          </>
        ))}
        <label class="label-customizable" for="password">
          Password
        </label>
        <input
          class="inputField-customizable"
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
        />
        <button type="submit" class="submitButton-customizable">
          Sign up
        </button>
      </PostForm>
      <p class="links">
        <a href={`/login?${carriedQuery(props.params)}`}>Already have an account? Sign in</a>
      </p>
    </Layout>
  )
}

/** Confirm the sign-up code; resend it. */
export function ConfirmPage(props: FormProps & { username: string; destination?: string }) {
  return (
    <Layout title="Confirm your account">
      <h1 class="textDescription-customizable">Confirm your account</h1>
      <Notice
        message={
          props.notice ??
          (props.destination ? `We sent a code to ${props.destination}.` : undefined)
        }
      />
      <ErrorMessage message={props.error} />
      <PostForm
        action="/confirm"
        csrf={props.csrf}
        params={props.params}
        hidden={{ username: props.username }}
      >
        <label class="label-customizable" for="code">
          Verification code
        </label>
        <input
          class="inputField-customizable"
          id="code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
          autofocus
        />
        <button type="submit" class="submitButton-customizable">
          Confirm
        </button>
      </PostForm>
      <PostForm
        action="/confirm/resend"
        csrf={props.csrf}
        params={props.params}
        hidden={{ username: props.username }}
      >
        <button type="submit" class="secondary">
          Send a new code
        </button>
      </PostForm>
    </Layout>
  )
}

/** Forgot password: ask for the username. */
export function ForgotPasswordPage(props: FormProps) {
  return (
    <Layout title="Reset your password">
      <h1 class="textDescription-customizable">Reset your password</h1>
      <ErrorMessage message={props.error} />
      <PostForm action="/forgotPassword" csrf={props.csrf} params={props.params}>
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
        />
        <button type="submit" class="submitButton-customizable">
          Send a reset code
        </button>
      </PostForm>
    </Layout>
  )
}

/** Reset password: code and new password. */
export function ResetPasswordPage(props: FormProps & { username: string; destination?: string }) {
  return (
    <Layout title="Choose a new password">
      <h1 class="textDescription-customizable">Choose a new password</h1>
      <Notice
        message={
          props.notice ??
          (props.destination
            ? `If the account exists, we sent a code to ${props.destination}.`
            : undefined)
        }
      />
      <ErrorMessage message={props.error} />
      <PostForm
        action="/confirmForgotPassword"
        csrf={props.csrf}
        params={props.params}
        hidden={{ username: props.username }}
      >
        <label class="label-customizable" for="code">
          Reset code
        </label>
        <input
          class="inputField-customizable"
          id="code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
          autofocus
        />
        <label class="label-customizable" for="new-password">
          New password
        </label>
        <input
          class="inputField-customizable"
          id="new-password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
        />
        <button type="submit" class="submitButton-customizable">
          Reset password
        </button>
      </PostForm>
    </Layout>
  )
}
