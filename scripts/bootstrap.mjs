// Applies portcullis.bootstrap.json to a running Portcullis through the Cognito admin API, idempotently:
// pools are found by name, clients by name (and brought in line with the file), groups and users by
// name; what is missing is created. Resolved ids go to .portcullis/bootstrap-state.json.
//
//   node scripts/bootstrap.mjs [--endpoint http://127.0.0.1:8787] [--file portcullis.bootstrap.json]
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetGroupCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { ensureDevVars } from './dev-secrets.mjs'

/** Replaces "$NAME" strings with values from the environment or .dev.vars. */
function resolveValue(value, vars) {
  if (typeof value === 'string' && /^\$[A-Z_][A-Z0-9_]*$/.test(value)) {
    const resolved = process.env[value.slice(1)] ?? vars[value.slice(1)]
    if (resolved === undefined) throw new Error(`bootstrap: ${value} is not set`)
    return resolved
  }
  return value
}

async function findPool(cognito, name) {
  let NextToken
  do {
    const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }))
    const found = page.UserPools?.find((p) => p.Name === name)
    if (found) return found.Id
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

async function findClient(cognito, UserPoolId, name) {
  let NextToken
  do {
    const page = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken }))
    const found = page.UserPoolClients?.find((c) => c.ClientName === name)
    if (found) return found.ClientId
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

async function exists(promise) {
  try {
    await promise
    return true
  } catch (error) {
    if (['UserNotFoundException', 'ResourceNotFoundException'].includes(error.name)) return false
    throw error
  }
}

/** Applies one pool declaration; returns the ids it resolved. */
async function applyPool(cognito, declaration, vars, log) {
  const { clients = [], groups = [], users = [], ...poolSettings } = declaration
  let UserPoolId = await findPool(cognito, poolSettings.PoolName)
  if (!UserPoolId) {
    UserPoolId = (await cognito.send(new CreateUserPoolCommand(poolSettings))).UserPool.Id
    log(`created pool ${poolSettings.PoolName} (${UserPoolId})`)
  }
  const clientIds = {}
  for (const { ClientName, GenerateSecret, ...settings } of clients) {
    let ClientId = await findClient(cognito, UserPoolId, ClientName)
    if (ClientId) await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId, ClientName, ...settings }))
    else {
      ClientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName, GenerateSecret, ...settings }))).UserPoolClient.ClientId
      log(`created client ${ClientName} (${ClientId})`)
    }
    clientIds[ClientName] = ClientId
  }
  for (const { GroupName, ...settings } of groups) {
    if (!(await exists(cognito.send(new GetGroupCommand({ UserPoolId, GroupName }))))) {
      await cognito.send(new CreateGroupCommand({ UserPoolId, GroupName, ...settings }))
      log(`created group ${GroupName}`)
    }
  }
  for (const { Username, Password, Attributes = {}, Groups = [] } of users) {
    if (!(await exists(cognito.send(new AdminGetUserCommand({ UserPoolId, Username }))))) {
      const UserAttributes = Object.entries(Attributes).map(([Name, Value]) => ({ Name, Value: String(resolveValue(Value, vars)) }))
      await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, UserAttributes, MessageAction: 'SUPPRESS' }))
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: resolveValue(Password, vars), Permanent: true }))
      log(`created user ${Username}`)
    }
    for (const GroupName of Groups) await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }))
  }
  return { UserPoolId, clientIds, users: users.map((u) => u.Username) }
}

/** Applies a bootstrap file to the worker at `endpoint`, signed with the first admin key. */
export async function bootstrap({ endpoint, file = 'portcullis.bootstrap.json', vars = ensureDevVars(), log = console.log }) {
  const [accessKeyId, secretAccessKey] = vars.ADMIN_KEYS.split(',')[0].split(':')
  const cognito = new CognitoIdentityProviderClient({ endpoint, region: vars.REGION ?? 'us-east-1', credentials: { accessKeyId, secretAccessKey } })
  const declaration = JSON.parse(readFileSync(file, 'utf8'))
  const pools = {}
  for (const pool of declaration.pools ?? []) pools[pool.PoolName] = await applyPool(cognito, pool, vars, log)
  const state = { endpoint, pools }
  mkdirSync('.portcullis', { recursive: true })
  writeFileSync('.portcullis/bootstrap-state.json', JSON.stringify(state, null, 2) + '\n')
  return state
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
  const state = await bootstrap({ endpoint: option('--endpoint', 'http://127.0.0.1:8787'), file: option('--file', 'portcullis.bootstrap.json') })
  console.log(JSON.stringify(state, null, 2))
}
