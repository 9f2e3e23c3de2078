import { ErrorMessage, Layout, PostForm } from '../layout'

export function NewPasswordPage(props: {
  params: Record<string, string | undefined>
  csrf: string
  session: string
  required: string[]
  error?: string
}) {
  return (
    <Layout title="Choose a new password">
      <h1 class="textDescription-customizable">Choose a new password</h1>
      <ErrorMessage message={props.error} />
      <PostForm
        action="/login/new-password"
        csrf={props.csrf}
        params={props.params}
        hidden={{ session: props.session }}
      >
        {props.required.map((name) => (
          <>
            <label class="label-customizable" for={`attr-${name}`}>
              {name.replace(/_/g, ' ')}
            </label>
            <input
              class="inputField-customizable"
              id={`attr-${name}`}
              name={`userAttributes.${name}`}
              type="text"
              required
            />
          </>
        ))}
        <label class="label-customizable" for="new-password">
          New password
        </label>
        <input
          class="inputField-customizable"
          id="new-password"
          name="new_password"
          type="password"
          autocomplete="new-password"
          required
        />
        <button type="submit" class="submitButton-customizable">
          Set password and sign in
        </button>
      </PostForm>
    </Layout>
  )
}
