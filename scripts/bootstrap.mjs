// Applies portcullis.bootstrap.json to a running Portcullis through the Cognito admin API (and IAM's,
// for the optional `iam` section: see bootstrap-iam.mjs; and the identity-pools API for the optional
// `identityPools` section: see bootstrap-identity.mjs), idempotently:
// pools, clients, groups and users are found by name; what is missing is created; what differs from the
// file is brought in line where Cognito allows it (UpdateUserPool, UpdateUserPoolClient, UpdateGroup,
// AdminUpdateUserAttributes); settings Cognito fixes at creation are reported, never silently ignored.
// Existing users keep their passwords. Resolved ids go to .portcullis/bootstrap-state.json.
//
//   node scripts/bootstrap.mjs [--endpoint http://127.0.0.1:8787] [--file portcullis.bootstrap.json]
//
// Keys come from ADMIN_KEYS in the environment or .dev.vars; "$NAME" values in the file likewise.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateGroupCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { applyIam } from './bootstrap-iam.mjs'
import {
  applyIdentityPoolRoles,
  applyIdentityPools,
  withIdentityPoolIds,
} from './bootstrap-identity.mjs'
import { readDevVars } from './dev-secrets.mjs'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Where local state lives: .dev.vars, .wrangler/state and .portcullis/ (PORTCULLIS_HOME, default the checkout). */
export const HOME = resolve(process.env.PORTCULLIS_HOME || ROOT)
export const STATE_FILE = join(HOME, '.portcullis', 'bootstrap-state.json')

// Members UpdateUserPool / UpdateUserPoolClient / UpdateGroup accept (besides the identifiers). Both
// update operations replace the whole resource, so an update sends the current value of every one of
// these, overlaid with what the file declares.
const POOL_UPDATABLE = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'UserPoolTier',
]
const POOL_FIXED = ['UsernameAttributes', 'AliasAttributes', 'UsernameConfiguration']
const CLIENT_UPDATABLE = [
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'TokenValidityUnits',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
  'AnalyticsConfiguration',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData',
  'AuthSessionValidity',
  'RefreshTokenRotation',
]
const GROUP_UPDATABLE = ['Description', 'RoleArn', 'Precedence']

/** Turns off the AWS SDK's notice about its future Node.js support, which says nothing about this run. */
export function quietSdkNotices() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}

/** The admin key pair and the region the local worker is configured with. */
export function adminConfig(vars) {
  const keys = process.env.ADMIN_KEYS || vars.ADMIN_KEYS
  if (!keys)
    throw new Error(
      'bootstrap: no ADMIN_KEYS in the environment or .dev.vars (run `npm start` once to create .dev.vars)',
    )
  const [accessKeyId, secretAccessKey] = keys.split(',')[0].split(':')
  const toml = existsSync(join(ROOT, 'wrangler.toml'))
    ? readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
    : ''
  const region = vars.REGION ?? /^REGION\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? 'us-east-1'
  return { accessKeyId, secretAccessKey, region }
}

/**
 * Fills `${NAME}` inside every string of a declaration: the origins the running Worker answers on
 * (AUTH_ORIGIN, the IdP; APP_ORIGIN, the gateway's demo host), then the environment and .dev.vars.
 */
function interpolate(value, names) {
  if (typeof value === 'string')
    return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name) => {
      const resolved = names[name] ?? process.env[name]
      if (resolved === undefined) throw new Error(`bootstrap: \${${name}} is not set`)
      return resolved
    })
  if (Array.isArray(value)) return value.map((item) => interpolate(item, names))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, names)]),
    )
  return value
}

/** The gateway's demo host for an IdP endpoint: localhost for 127.0.0.1, as browsers keep them apart. */
export const appOriginFor = (endpoint) => endpoint.replace('//127.0.0.1', '//localhost')

/** Replaces "$NAME" strings with values from the environment or .dev.vars. */
function resolveValue(value, vars) {
  if (typeof value === 'string' && /^\$[A-Z_][A-Z0-9_]*$/.test(value)) {
    const resolved = process.env[value.slice(1)] ?? vars[value.slice(1)]
    if (resolved === undefined)
      throw new Error(`bootstrap: ${value} is not set in the environment or .dev.vars`)
    return resolved
  }
  return value
}

/** True when `actual` has every value `wanted` declares (lists of plain values compare as sets). */
function covers(actual, wanted) {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || actual.length !== wanted.length) return false
    if (wanted.every((item) => typeof item !== 'object'))
      return [...wanted].sort().join('\n') === [...actual].sort().join('\n')
    return wanted.every((item, i) => covers(actual[i], item))
  }
  if (wanted !== null && typeof wanted === 'object') {
    return (
      actual !== null &&
      typeof actual === 'object' &&
      Object.keys(wanted).every((key) => covers(actual[key], wanted[key]))
    )
  }
  return actual === wanted
}

const pick = (source, keys) =>
  Object.fromEntries(
    keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]),
  )
const drift = (actual, wanted, keys) =>
  keys.filter((key) => wanted[key] !== undefined && !covers(actual[key], wanted[key]))

async function findByName(listPage, itemsOf, nameOf, idOf, name) {
  let NextToken
  do {
    const page = await listPage(NextToken)
    const found = itemsOf(page)?.find((item) => nameOf(item) === name)
    if (found) return idOf(found)
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

/** Calls `send(command)`, answering undefined when the resource does not exist. */
async function getOrUndefined(cognito, command) {
  try {
    return await cognito.send(command)
  } catch (error) {
    if (['UserNotFoundException', 'ResourceNotFoundException'].includes(error.name))
      return undefined
    throw error
  }
}

async function applyPoolSettings(cognito, settings, log) {
  const PoolName = settings.PoolName
  const UserPoolId = await findByName(
    (NextToken) => cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken })),
    (p) => p.UserPools,
    (p) => p.Name,
    (p) => p.Id,
    PoolName,
  )
  if (!UserPoolId) {
    const created = (await cognito.send(new CreateUserPoolCommand(settings))).UserPool
    log(`created pool ${PoolName} (${created.Id})`)
    return created.Id
  }
  const current = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool
  const fixed = drift(current, settings, POOL_FIXED)
  if (fixed.length)
    log(
      `warning: pool ${PoolName} differs from the file in ${fixed.join(', ')}, which Cognito fixes at creation; delete the pool (or the local state) to apply them`,
    )
  const changed = drift(current, settings, POOL_UPDATABLE)
  if (changed.length) {
    await cognito.send(
      new UpdateUserPoolCommand({
        ...pick(current, POOL_UPDATABLE),
        ...pick(settings, POOL_UPDATABLE),
        UserPoolId,
      }),
    )
    log(`updated pool ${PoolName}: ${changed.join(', ')}`)
  }
  return UserPoolId
}

async function applyClient(cognito, UserPoolId, { ClientName, GenerateSecret, ...settings }, log) {
  const ClientId = await findByName(
    (NextToken) =>
      cognito.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken })),
    (p) => p.UserPoolClients,
    (c) => c.ClientName,
    (c) => c.ClientId,
    ClientName,
  )
  if (!ClientId) {
    const created = (
      await cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId, ClientName, GenerateSecret, ...settings }),
      )
    ).UserPoolClient
    log(`created client ${ClientName} (${created.ClientId})`)
    return created.ClientId
  }
  const current = (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId })))
    .UserPoolClient
  if (GenerateSecret !== undefined && Boolean(GenerateSecret) !== Boolean(current.ClientSecret)) {
    log(
      `warning: client ${ClientName} ${current.ClientSecret ? 'has' : 'has no'} secret; a secret can only be chosen at creation`,
    )
  }
  const changed = drift(current, settings, CLIENT_UPDATABLE)
  if (changed.length) {
    await cognito.send(
      new UpdateUserPoolClientCommand({
        ...pick(current, CLIENT_UPDATABLE),
        ...pick(settings, CLIENT_UPDATABLE),
        UserPoolId,
        ClientId,
        ClientName,
      }),
    )
    log(`updated client ${ClientName}: ${changed.join(', ')}`)
  }
  return ClientId
}

async function applyGroup(cognito, UserPoolId, { GroupName, ...settings }, log) {
  const current = (await getOrUndefined(cognito, new GetGroupCommand({ UserPoolId, GroupName })))
    ?.Group
  if (!current) {
    await cognito.send(new CreateGroupCommand({ UserPoolId, GroupName, ...settings }))
    log(`created group ${GroupName}`)
    return
  }
  const changed = drift(current, settings, GROUP_UPDATABLE)
  if (changed.length) {
    await cognito.send(
      new UpdateGroupCommand({
        ...pick(current, GROUP_UPDATABLE),
        ...pick(settings, GROUP_UPDATABLE),
        UserPoolId,
        GroupName,
      }),
    )
    log(`updated group ${GroupName}: ${changed.join(', ')}`)
  }
}

/** Creates a confirmed user with a permanent password, or brings attributes and groups in line. */
async function applyUser(cognito, UserPoolId, declaration, vars, log) {
  const { Username, Password, Attributes = {}, Groups = [] } = declaration
  const wanted = Object.entries(Attributes).map(([Name, Value]) => ({
    Name,
    Value: String(resolveValue(Value, vars)),
  }))
  const current = await getOrUndefined(cognito, new AdminGetUserCommand({ UserPoolId, Username }))
  const setPassword = () =>
    cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: resolveValue(Password, vars),
        Permanent: true,
      }),
    )
  if (!current) {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        UserAttributes: wanted,
        MessageAction: 'SUPPRESS',
      }),
    )
    await setPassword()
    log(`created user ${Username}`)
  } else {
    // A run interrupted between creating the user and setting the password leaves it unconfirmed.
    if (current.UserStatus !== 'CONFIRMED' && Password !== undefined) {
      await setPassword()
      log(`confirmed user ${Username} (was ${current.UserStatus})`)
    }
    const have = new Map(current.UserAttributes.map((a) => [a.Name, a.Value]))
    const changed = wanted.filter((a) => have.get(a.Name) !== a.Value)
    if (changed.length) {
      await cognito.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId, Username, UserAttributes: changed }),
      )
      log(`updated user ${Username}: ${changed.map((a) => a.Name).join(', ')}`)
    }
  }
  // Adding a member who already belongs is a no-op in Cognito.
  for (const GroupName of Groups)
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }))
}

/** Applies one pool declaration; returns the ids it resolved. */
async function applyPool(cognito, endpoint, declaration, vars, log) {
  const { clients = [], groups = [], users = [], ...settings } = declaration
  const UserPoolId = await applyPoolSettings(cognito, settings, log)
  const clientIds = {}
  for (const client of clients)
    clientIds[client.ClientName] = await applyClient(cognito, UserPoolId, client, log)
  for (const group of groups) await applyGroup(cognito, UserPoolId, group, log)
  for (const user of users) await applyUser(cognito, UserPoolId, user, vars, log)
  const issuer = `${endpoint}/${UserPoolId}`
  return {
    UserPoolId,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientIds,
    groups: groups.map((g) => g.GroupName),
    users: users.map((u) => u.Username),
  }
}

/**
 * The gateway route table for the demo origin, once the pool and client ids are known. The
 * provider is the pool of this same Worker (`self:`), reached in-process.
 */
function gatewayConfig(
  gateway,
  pools,
  appOrigin,
  originPort = Number(process.env.DEMO_ORIGIN_PORT ?? 8788),
) {
  if (!gateway) return undefined
  const pool = pools[gateway.provider.pool]
  const clientId = pool?.clientIds[gateway.provider.client]
  if (!pool || !clientId)
    throw new Error('bootstrap: gateway.provider names no declared pool/client')
  return {
    providers: {
      demo: {
        issuer: `self:${pool.UserPoolId}`,
        clientIds: [clientId],
        scopes: ['openid', 'email', 'profile'],
      },
    },
    // An S3 front route (`s3:` origin) is authorised by SigV4 and IAM, not by the demo provider.
    routes: gateway.routes.map((route) =>
      route.origin?.startsWith('s3:')
        ? route
        : { origin: `http://127.0.0.1:${originPort}`, provider: 'demo', ...route },
    ),
    session: { postLogoutRedirect: `${appOrigin}/demo/` },
  }
}

/** Applies a bootstrap file to the worker at `endpoint`, signed with the first admin key; writes the state file. */
export async function bootstrap({
  endpoint,
  file = join(ROOT, 'portcullis.bootstrap.json'),
  vars = readDevVars(join(HOME, '.dev.vars')),
  log = console.log,
  appOrigin = appOriginFor(endpoint),
}) {
  const { accessKeyId, secretAccessKey, region } = adminConfig(vars)
  const cognito = new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
  })
  const declaration = interpolate(JSON.parse(readFileSync(file, 'utf8')), {
    AUTH_ORIGIN: endpoint,
    APP_ORIGIN: appOrigin,
  })
  const pools = {}
  for (const pool of declaration.pools ?? []) {
    try {
      pools[pool.PoolName] = await applyPool(cognito, endpoint, pool, vars, log)
    } catch (error) {
      throw new Error(
        `bootstrap of pool ${pool.PoolName} failed: ${error.name}: ${error.message}`,
        { cause: error },
      )
    }
  }
  const connection = { endpoint, region, credentials: { accessKeyId, secretAccessKey } }
  // Identity pools before IAM, whose trust policies name their ids; their roles after it.
  const identityPoolDeclarations = declaration.identityPools ?? []
  const identityPools = await applyIdentityPools(connection, identityPoolDeclarations, pools, log)
  const iam = declaration.iam
    ? await applyIam(connection, withIdentityPoolIds(declaration.iam, identityPools), log)
    : undefined
  await applyIdentityPoolRoles(
    connection,
    identityPoolDeclarations,
    identityPools,
    iam?.roles ?? {},
    log,
  )
  const state = {
    endpoint,
    region,
    pools,
    ...(identityPoolDeclarations.length ? { identityPools } : {}),
    ...(iam ? { iam } : {}),
    appOrigin,
    gatewayConfig: gatewayConfig(declaration.gateway, pools, appOrigin),
  }
  mkdirSync(dirname(STATE_FILE), { recursive: true })
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`)
  return state
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  quietSdkNotices()
  const args = process.argv.slice(2)
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
  try {
    const state = await bootstrap({
      endpoint: option(
        '--endpoint',
        process.env.PORTCULLIS_ENDPOINT ?? 'http://127.0.0.1:8787',
      ).replace(/\/+$/, ''),
      file: resolve(option('--file', join(ROOT, 'portcullis.bootstrap.json'))),
    })
    console.log(JSON.stringify(state, null, 2))
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}
