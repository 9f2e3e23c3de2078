import type { Child } from 'hono/jsx'
import type { Operator } from '../../userpool/console/audit-log'
import { ErrorMessage, Notice, PostForm } from '../layout'

/** The console's styles: no outside resources; WCAG AA contrast; visible focus. */
const STYLES = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#1d2430}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;background:#1d2430;color:#fff;padding:.75rem 1.5rem}
header a{color:#fff}header nav ul{display:flex;gap:1.25rem;list-style:none;margin:0;padding:0}
main{max-width:64rem;margin:1.5rem auto;padding:1.5rem 2rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.15rem;margin:2rem 0 .75rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d1d5db;vertical-align:top}
label{display:block;font-weight:600;margin:.7rem 0 .25rem}.check{font-weight:400}.check input{width:auto;margin-right:.4rem}
input,select{width:100%;max-width:28rem;padding:.5rem .6rem;font:inherit;border:1px solid #6b7280;border-radius:6px}
input:focus,button:focus,a:focus,select:focus{outline:3px solid #2563eb;outline-offset:2px}
button{margin-top:.9rem;padding:.5rem 1rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:6px;cursor:pointer}
header button{margin:0;background:#fff;color:#1d2430}.inline{display:inline}.inline button{margin:0 .5rem 0 0}
.error{background:#fdecec;color:#8a1c1c;border:1px solid #f5b5b5;padding:.6rem .8rem;border-radius:6px}
.notice{background:#e8f4ec;color:#14532d;border:1px solid #9fd3b0;padding:.6rem .8rem;border-radius:6px}
code{background:#eef0f4;padding:0 .25rem;border-radius:4px;word-break:break-all}a{color:#1d4ed8}
fieldset{border:1px solid #d1d5db;border-radius:8px;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:600}`

/** A console page: a skip link, the banner with navigation and sign-out, and the main region. */
export function ConsoleLayout(props: {
  title: string
  operator: Operator
  csrf: string
  error?: string | undefined
  notice?: string | undefined
  children: Child
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Portcullis console`}</title>
        <style>{STYLES}</style>
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header>
          <nav aria-label="Console">
            <ul>
              <li>
                <a href="/console">User pools</a>
              </li>
              <li>
                <a href="/console/audit">Audit log</a>
              </li>
              <li>
                <a href="/">Home</a>
              </li>
            </ul>
          </nav>
          <div>
            Signed in as <strong>{props.operator.displayName}</strong>{' '}
            <PostForm
              action="/console/logout"
              csrf={props.csrf}
              params={{}}
              attributes={{ class: 'inline' }}
            >
              <button type="submit">Sign out</button>
            </PostForm>
          </div>
        </header>
        <main id="content">
          <h1>{props.title}</h1>
          <ErrorMessage message={props.error} />
          <Notice message={props.notice} />
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** A labelled text field (every input has a visible label tied to it by `for`). */
export function Field(props: {
  name: string
  label: string
  type?: string
  value?: string
  required?: boolean
  hint?: string
}) {
  const id = `f-${props.name}`
  return (
    <>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <small id={`${id}-hint`} style="display:block">
          {props.hint}
        </small>
      ) : null}
    </>
  )
}

/** A labelled checkbox. */
export function Check(props: { name: string; label: string; checked?: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} value="on" checked={props.checked} />
      {props.label}
    </label>
  )
}

/** A one-button form posting to `action` (disable, enable, sign out everywhere, …). */
export function ActionButton(props: { action: string; csrf: string; label: string }) {
  return (
    <PostForm action={props.action} csrf={props.csrf} params={{}} attributes={{ class: 'inline' }}>
      <button type="submit">{props.label}</button>
    </PostForm>
  )
}
