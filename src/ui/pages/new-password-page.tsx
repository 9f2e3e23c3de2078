import { CarriedParams, ErrorMessage, Layout } from '../layout'

export function NewPasswordPage(props: { params: Record<string, string | undefined>; csrf: string; session: string; required: string[]; error?: string }) {
  return (
    <Layout title="Choose a new password">
      <h1>Choose a new password</h1>
      <ErrorMessage message={props.error} />
      <form method="post" action="/login/new-password">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="session" value={props.session} />
        <CarriedParams params={props.params} />
        {props.required.map((name) => (
          <>
            <label for={`attr-${name}`}>{name.replace(/_/g, ' ')}</label>
            <input id={`attr-${name}`} name={`userAttributes.${name}`} type="text" required />
          </>
        ))}
        <label for="new-password">New password</label>
        <input id="new-password" name="new_password" type="password" autocomplete="new-password" required />
        <button type="submit">Set password and sign in</button>
      </form>
    </Layout>
  )
}
