import type {
  UserPoolClientConfig,
  UserPoolConfig,
  GroupConfig,
  UserRecord,
} from '../../userpool/model'
import type { AuditEntry } from '../../userpool/console/audit-log'
import type { PoolEntry } from '../../userpool/store/registry-store'
import { PostForm } from '../layout'
import { ActionButton, Check, Field } from './console-layout'

const date = (epochSeconds: number) =>
  new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')
const poolPath = (poolId: string) => `/console/pools/${encodeURIComponent(poolId)}`
export const userPath = (poolId: string, username: string) =>
  `${poolPath(poolId)}/users/${encodeURIComponent(username)}`

/** The pools list and the create-pool form. */
export function PoolsView(props: { pools: PoolEntry[]; csrf: string }) {
  return (
    <>
      <table>
        <caption class="skip">User pools</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Pool id</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {props.pools.map((pool) => (
            <tr>
              <td>
                <a href={poolPath(pool.Id)}>{pool.Name}</a>
              </td>
              <td>
                <code>{pool.Id}</code>
              </td>
              <td>{date(pool.CreationDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="create-pool">Create a user pool</h2>
      <PostForm action="/console/pools" csrf={props.csrf} params={{}} describedBy="create-pool">
        <Field name="PoolName" label="Pool name" required />
        <Field name="MinimumLength" label="Minimum password length" type="number" value="8" />
        <Check name="EmailUsername" label="People sign in with their email address" checked />
        <label for="f-mfa">Multi-factor authentication</label>
        <select id="f-mfa" name="MfaConfiguration">
          <option value="OFF">Off</option>
          <option value="OPTIONAL">Optional</option>
        </select>
        <button type="submit">Create pool</button>
      </PostForm>
    </>
  )
}

/** One pool: its settings, app clients, groups and users, with the forms that add each. */
export function PoolView(props: {
  pool: UserPoolConfig
  clients: UserPoolClientConfig[]
  groups: GroupConfig[]
  users: UserRecord[]
  filter: string
  csrf: string
}) {
  const { pool, csrf } = props
  const base = poolPath(pool.Id)
  const policy = pool.Policies.PasswordPolicy
  return (
    <>
      <p>
        Pool id <code>{pool.Id}</code>; issuer <code>{`/${pool.Id}`}</code> (
        <a href={`/${pool.Id}/.well-known/openid-configuration`}>discovery document</a>)
      </p>
      <h2>Settings</h2>
      <dl>
        <dt>Password policy</dt>
        <dd>
          At least {policy.MinimumLength} characters
          {policy.RequireUppercase ? ', an upper-case letter' : ''}
          {policy.RequireLowercase ? ', a lower-case letter' : ''}
          {policy.RequireNumbers ? ', a digit' : ''}
          {policy.RequireSymbols ? ', a symbol' : ''}
        </dd>
        <dt>Multi-factor authentication</dt>
        <dd>{pool.MfaConfiguration}</dd>
        <dt>Sign-in with</dt>
        <dd>{pool.UsernameAttributes?.join(', ') || 'username'}</dd>
      </dl>
      <h2 id="clients">App clients</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Client id</th>
            <th scope="col">OAuth flows</th>
            <th scope="col">Hosted UI</th>
          </tr>
        </thead>
        <tbody>
          {props.clients.map((client) => (
            <tr>
              <td>{client.ClientName}</td>
              <td>
                <code>{client.ClientId}</code>
              </td>
              <td>{client.AllowedOAuthFlows?.join(', ') || 'none'}</td>
              <td>
                {client.CallbackURLs?.[0] && client.AllowedOAuthFlows?.includes('code') ? (
                  <a
                    href={`/login?${new URLSearchParams({ client_id: client.ClientId, response_type: 'code', redirect_uri: client.CallbackURLs[0], scope: (client.AllowedOAuthScopes ?? []).join(' ') })}`}
                  >
                    Preview sign-in page
                  </a>
                ) : (
                  'no callback URL'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PostForm action={`${base}/clients`} csrf={csrf} params={{}}>
        <fieldset>
          <legend>Create an app client</legend>
          <Field name="ClientName" label="Client name" required />
          <Check name="GenerateSecret" label="Generate a client secret (shown once)" />
          <Field name="CallbackURLs" label="Callback URLs" hint="Separated by spaces" />
          <Field name="LogoutURLs" label="Sign-out URLs" hint="Separated by spaces" />
          <Check name="flow_code" label="Authorization code grant" checked />
          <Check name="flow_implicit" label="Implicit grant" />
          <Check name="flow_client_credentials" label="Client credentials" />
          <Field
            name="AllowedOAuthScopes"
            label="OAuth scopes"
            value="openid email profile"
            hint="Separated by spaces"
          />
          <button type="submit">Create app client</button>
        </fieldset>
      </PostForm>
      <h2 id="groups">Groups</h2>
      <ul>
        {props.groups.map((group) => (
          <li>
            {group.GroupName}
            {group.Description ? ` — ${group.Description}` : ''}
          </li>
        ))}
      </ul>
      <PostForm action={`${base}/groups`} csrf={csrf} params={{}}>
        <fieldset>
          <legend>Create a group</legend>
          <Field name="GroupName" label="Group name" required />
          <Field name="Description" label="Description" />
          <button type="submit">Create group</button>
        </fieldset>
      </PostForm>
      <h2 id="users">Users</h2>
      <form method="get" action={base} aria-label="Filter users">
        <Field
          name="filter"
          label="Filter"
          value={props.filter}
          hint='ListUsers syntax, for example email ^= "ann"'
        />
        <button type="submit">Filter users</button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Enabled</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>
                <a href={userPath(pool.Id, user.username)}>{user.username}</a>
              </td>
              <td>{user.attributes.email ?? ''}</td>
              <td>{user.status}</td>
              <td>{user.enabled ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PostForm action={`${base}/users`} csrf={csrf} params={{}}>
        <fieldset>
          <legend>Create or invite a user</legend>
          <Field
            name="Username"
            label="Username"
            required
            hint="An email address in pools that sign in with one"
          />
          <Field name="email" label="Email address" type="email" />
          <Field
            name="TemporaryPassword"
            label="Temporary password"
            type="password"
            hint="Leave blank to generate one"
          />
          <Check name="Invite" label="Send the invitation message" checked />
          <button type="submit">Create user</button>
        </fieldset>
      </PostForm>
    </>
  )
}

/** A new client, with its secret shown this once. */
export function ClientCreatedView(props: { poolId: string; client: UserPoolClientConfig }) {
  return (
    <>
      <p>
        Client id <code>{props.client.ClientId}</code>
      </p>
      {props.client.ClientSecret ? (
        <p role="status">
          Client secret <code>{props.client.ClientSecret}</code>. Copy it now: the console does not
          show it again.
        </p>
      ) : null}
      <p>
        <a href={poolPath(props.poolId)}>Back to the pool</a>
      </p>
    </>
  )
}

/** One user: attributes, groups, and what an operator can do to them. */
export function UserView(props: {
  poolId: string
  user: UserRecord
  groups: GroupConfig[]
  csrf: string
}) {
  const { user, csrf } = props
  const base = userPath(props.poolId, user.username)
  return (
    <>
      <p>
        Status {user.status}; {user.enabled ? 'enabled' : 'disabled'};{' '}
        <a href={poolPath(props.poolId)}>back to the pool</a>
      </p>
      <h2>Actions</h2>
      {user.enabled ? (
        <ActionButton action={`${base}/disable`} csrf={csrf} label="Disable user" />
      ) : (
        <ActionButton action={`${base}/enable`} csrf={csrf} label="Enable user" />
      )}
      <ActionButton action={`${base}/reset-password`} csrf={csrf} label="Reset password" />
      <ActionButton action={`${base}/sign-out`} csrf={csrf} label="Sign out everywhere" />
      <h2>Attributes</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">sub</th>
            <td>{user.sub}</td>
          </tr>
          {Object.entries(user.attributes).map(([name, value]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Groups</h2>
      <p>{user.groups.join(', ') || 'None'}</p>
      {props.groups.length > 0 ? (
        <PostForm action={`${base}/groups`} csrf={csrf} params={{}}>
          <label for="f-group">Add to group</label>
          <select id="f-group" name="GroupName">
            {props.groups.map((group) => (
              <option value={group.GroupName}>{group.GroupName}</option>
            ))}
          </select>
          <button type="submit">Add to group</button>
        </PostForm>
      ) : null}
    </>
  )
}

/** The audit log, newest first. */
export function AuditView(props: { entries: AuditEntry[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Operator</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((entry) => (
          <tr>
            <td>{new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
            <td>
              {entry.operator.displayName} (<code>{entry.operator.username}</code>)
            </td>
            <td>{entry.action}</td>
            <td>
              <code>{entry.target}</code>
            </td>
            <td>{entry.outcome}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
