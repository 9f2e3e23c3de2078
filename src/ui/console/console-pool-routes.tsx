import { Hono } from 'hono'
import { PortcullisError } from '../../errors/base'
import { clientSettingMembers } from '../../api/targets/clients/client-shapes'
import {
  AttributeList,
  ClientName,
  Description,
  GroupName,
  Username,
} from '../../api/validation/cognito-shapes'
import { string, structure } from '../../api/validation/shape'
import { createClient, listClients } from '../../userpool/clients/clients'
import { addUserToGroup, createGroup, listGroups } from '../../userpool/groups/groups'
import { adminResetUserPassword } from '../../userpool/signup/admin-reset-password'
import { requireUser } from '../../userpool/store/directory'
import { requirePool } from '../../userpool/store/pool-repository'
import { signOutEverywhere } from '../../userpool/tokens/sign-out'
import { adminCreateUser } from '../../userpool/users/create-user'
import { listUsers } from '../../userpool/users/list-users'
import { setUserEnabled } from '../../userpool/users/user-status'
import { issueCsrf } from '../csrf'
import { ClientCreatedView, PoolView, userPath, UserView } from './console-pages'
import { NOTICES } from './console-notices'
import {
  act,
  checked,
  consoleForm,
  consolePage,
  present,
  readShape,
  seeOther,
  type ConsoleContext,
  type ConsoleEnv,
} from './console-support'

const CreateClientForm = structure(
  {
    ClientName,
    CallbackURLs: clientSettingMembers.CallbackURLs,
    LogoutURLs: clientSettingMembers.LogoutURLs,
    AllowedOAuthFlows: clientSettingMembers.AllowedOAuthFlows,
    AllowedOAuthScopes: clientSettingMembers.AllowedOAuthScopes,
  },
  ['ClientName'],
)
const CreateUserForm = structure(
  {
    Username,
    UserAttributes: AttributeList,
    TemporaryPassword: string({ max: 256, pattern: '[\\S]*' }),
  },
  ['Username'],
)
const CreateGroupForm = structure({ GroupName, Description }, ['GroupName'])

/** Space-separated words of a text field, or nothing when it is blank. */
const words = (text: string | undefined): string[] | undefined =>
  text?.trim() ? text.trim().split(/\s+/) : undefined

/** The pool page: settings, clients, groups, users (filtered the ListUsers way). */
async function poolPage(c: ConsoleContext, options: { status?: 200 | 400; error?: string } = {}) {
  const services = c.get('runtime').services
  const pool = await requirePool(services, c.req.param('poolId') ?? '')
  const filter = c.req.query('filter') ?? ''
  const [{ clients }, { groups }] = await Promise.all([
    listClients(services, pool.Id, 60, undefined),
    listGroups(services, pool, 60, undefined),
  ])
  let users: Awaited<ReturnType<typeof listUsers>>['users'] = []
  let error = options.error
  try {
    users = (await listUsers(services, pool, { limit: 60, ...(filter ? { filter } : {}) })).users
  } catch (thrown) {
    // A filter that does not parse is the operator's to fix: say why beside the form.
    if (!(thrown instanceof PortcullisError) || thrown.status >= 500) throw thrown
    error = thrown.publicMessage
  }
  const done = NOTICES[c.req.query('done') ?? '']
  return consolePage(
    c,
    `User pool ${pool.Name}`,
    <PoolView
      pool={pool}
      clients={clients}
      groups={groups}
      users={users}
      filter={filter}
      csrf={issueCsrf(c)}
    />,
    { ...options, ...(error ? { error } : {}), ...(done ? { notice: done } : {}) },
  )
}

/** The user page: attributes, groups, actions. */
async function userPage(c: ConsoleContext) {
  const services = c.get('runtime').services
  const pool = await requirePool(services, c.req.param('poolId') ?? '')
  const { user } = await requireUser(services, pool, c.req.param('username') ?? '')
  const { groups } = await listGroups(services, pool, 60, undefined)
  const done = NOTICES[c.req.query('done') ?? '']
  return consolePage(
    c,
    `User ${user.username}`,
    <UserView poolId={pool.Id} user={user} groups={groups} csrf={issueCsrf(c)} />,
    done ? { notice: done } : {},
  )
}

/** One pool's pages and actions, under `/console/pools/{poolId}`. */
export function poolRoutes(): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>()
  const refused = (c: ConsoleContext) => (message: string) =>
    poolPage(c, { status: 400, error: message })

  routes.get('/console/pools/:poolId', (c) => poolPage(c))
  routes.post('/console/pools/:poolId/clients', async (c) => {
    const form = await consoleForm(c)
    const poolId = c.req.param('poolId')
    const flows = (['code', 'implicit', 'client_credentials'] as const).filter((f) =>
      checked(form[`flow_${f}`]),
    )
    return act(
      c,
      { action: 'CreateUserPoolClient', target: `${poolId}/${form.ClientName ?? ''}` },
      async () => {
        const input = readShape(CreateClientForm, {
          ...present({ ClientName: form.ClientName }),
          ...(words(form.CallbackURLs) ? { CallbackURLs: words(form.CallbackURLs) } : {}),
          ...(words(form.LogoutURLs) ? { LogoutURLs: words(form.LogoutURLs) } : {}),
          ...(words(form.AllowedOAuthScopes)
            ? { AllowedOAuthScopes: words(form.AllowedOAuthScopes) }
            : {}),
          AllowedOAuthFlows: flows,
        })
        const client = await createClient(c.get('runtime').services, poolId, {
          ...input,
          GenerateSecret: checked(form.GenerateSecret),
          AllowedOAuthFlowsUserPoolClient: flows.length > 0,
          SupportedIdentityProviders: ['COGNITO'],
        })
        // Rendered here, never redirected: the secret is on this one page and nowhere else.
        return consolePage(
          c,
          `App client ${client.ClientName}`,
          <ClientCreatedView poolId={poolId} client={client} />,
          {
            notice: 'The app client was created.',
          },
        )
      },
      refused(c),
    )
  })
  routes.post('/console/pools/:poolId/groups', async (c) => {
    const form = await consoleForm(c)
    const poolId = c.req.param('poolId')
    return act(
      c,
      { action: 'CreateGroup', target: `${poolId}/${form.GroupName ?? ''}` },
      async () => {
        const services = c.get('runtime').services
        const input = readShape(
          CreateGroupForm,
          present({ GroupName: form.GroupName, Description: form.Description }),
        )
        await createGroup(services, await requirePool(services, poolId), input.GroupName, {
          ...(input.Description ? { Description: input.Description } : {}),
        })
        return seeOther(`/console/pools/${encodeURIComponent(poolId)}?done=group-created`)
      },
      refused(c),
    )
  })
  routes.post('/console/pools/:poolId/users', async (c) => {
    const form = await consoleForm(c)
    const poolId = c.req.param('poolId')
    return act(
      c,
      { action: 'AdminCreateUser', target: `${poolId}/${form.Username ?? ''}` },
      async () => {
        const services = c.get('runtime').services
        const input = readShape(CreateUserForm, {
          ...present({ Username: form.Username, TemporaryPassword: form.TemporaryPassword }),
          ...(form.email ? { UserAttributes: [{ Name: 'email', Value: form.email }] } : {}),
        })
        const pool = await requirePool(services, poolId)
        const user = await adminCreateUser(services, pool, {
          ...input,
          ...(checked(form.Invite)
            ? { DesiredDeliveryMediums: ['EMAIL'] }
            : { MessageAction: 'SUPPRESS' }),
        })
        return seeOther(`${userPath(poolId, user.username)}?done=user-created`)
      },
      refused(c),
    )
  })

  routes.get('/console/pools/:poolId/users/:username', (c) => userPage(c))
  const userAction = (
    path: string,
    action: string,
    done: string,
    run: (c: ConsoleContext, form: Record<string, string | undefined>) => Promise<void>,
  ) =>
    routes.post(`/console/pools/:poolId/users/:username/${path}`, async (c) => {
      const form = await consoleForm(c)
      const poolId = c.req.param('poolId')
      const username = c.req.param('username')
      return act(
        c,
        { action, target: `${poolId}/${username}` },
        async () => {
          await run(c, form)
          return seeOther(`${userPath(poolId, username)}?done=${done}`)
        },
        (message) =>
          consolePage(
            c,
            `User ${username}`,
            <p>
              <a href={userPath(poolId, username)}>Back to the user</a>
            </p>,
            { status: 400, error: message },
          ),
      )
    })
  const poolOf = (c: ConsoleContext) =>
    requirePool(c.get('runtime').services, c.req.param('poolId') ?? '')
  userAction('disable', 'AdminDisableUser', 'user-disabled', async (c) =>
    setUserEnabled(
      c.get('runtime').services,
      await poolOf(c),
      c.req.param('username') ?? '',
      false,
    ),
  )
  userAction('enable', 'AdminEnableUser', 'user-enabled', async (c) =>
    setUserEnabled(c.get('runtime').services, await poolOf(c), c.req.param('username') ?? '', true),
  )
  userAction('reset-password', 'AdminResetUserPassword', 'password-reset', async (c) =>
    adminResetUserPassword(
      c.get('runtime').services,
      await poolOf(c),
      c.req.param('username') ?? '',
    ),
  )
  userAction('sign-out', 'AdminUserGlobalSignOut', 'signed-out', async (c) => {
    const services = c.get('runtime').services
    const pool = await poolOf(c)
    await signOutEverywhere(
      services,
      pool,
      await requireUser(services, pool, c.req.param('username') ?? ''),
    )
  })
  userAction('groups', 'AdminAddUserToGroup', 'group-added', async (c, form) => {
    const { GroupName: group } = readShape(
      structure({ GroupName }, ['GroupName']),
      present({ GroupName: form.GroupName }),
    )
    await addUserToGroup(
      c.get('runtime').services,
      await poolOf(c),
      c.req.param('username') ?? '',
      group,
    )
  })
  return routes
}
