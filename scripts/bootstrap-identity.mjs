// The `identityPools` section of portcullis.bootstrap.json, applied idempotently through the
// identity-pools API with @aws-sdk/client-cognito-identity. Pools are found by name; what is missing
// is created, what differs is brought in line with UpdateIdentityPool (a full replace). Roles are set
// after the `iam` section has made them, since their trust policies name the pool's id:
// `${IDENTITY_POOL_ID:name}` inside the `iam` section is the id of the identity pool of that name.
//
//   "identityPools": [{ "IdentityPoolName": "...", "AllowUnauthenticatedIdentities": true,
//                       "userPoolClients": [{ "pool": "user pool name", "client": "client name" }],
//                       "roles": { "authenticated": "role name", "unauthenticated": "role name" } }]
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'

/** The settings UpdateIdentityPool replaces, as the file declares them (user pools resolved). */
function settingsOf(declaration, userPools, region) {
  const { IdentityPoolName, userPoolClients = [], roles: _roles, ...settings } = declaration
  const CognitoIdentityProviders = userPoolClients.map(({ pool, client }) => {
    const userPool = userPools[pool]
    const ClientId = userPool?.clientIds[client]
    if (!ClientId)
      throw new Error(
        `bootstrap: identity pool ${IdentityPoolName} names user pool client ${pool}/${client}, which no pool declares`,
      )
    return {
      ProviderName: `cognito-idp.${region}.amazonaws.com/${userPool.UserPoolId}`,
      ClientId,
      ServerSideTokenCheck: false,
    }
  })
  return {
    IdentityPoolName,
    AllowUnauthenticatedIdentities: false,
    ...settings,
    CognitoIdentityProviders,
  }
}

const providersText = (providers = []) =>
  JSON.stringify(
    providers
      .map((p) => [p.ProviderName, p.ClientId, Boolean(p.ServerSideTokenCheck)])
      .sort((a, b) => `${a}`.localeCompare(`${b}`)),
  )

async function findIdentityPool(client, name) {
  let NextToken
  do {
    const page = await client.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }))
    const found = page.IdentityPools?.find((p) => p.IdentityPoolName === name)
    if (found) return found.IdentityPoolId
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

const clientFor = ({ endpoint, region, credentials }) =>
  new CognitoIdentityClient({ endpoint, region, credentials })

/** Creates or updates each declared identity pool; returns `{ name: { IdentityPoolId } }`. */
export async function applyIdentityPools(connection, declarations, userPools, log) {
  const client = clientFor(connection)
  const pools = {}
  for (const declaration of declarations) {
    const wanted = settingsOf(declaration, userPools, connection.region)
    const name = wanted.IdentityPoolName
    try {
      let IdentityPoolId = await findIdentityPool(client, name)
      if (!IdentityPoolId) {
        IdentityPoolId = (await client.send(new CreateIdentityPoolCommand(wanted))).IdentityPoolId
        log(`created identity pool ${name} (${IdentityPoolId})`)
      } else {
        const current = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId }))
        const differs =
          current.AllowUnauthenticatedIdentities !== wanted.AllowUnauthenticatedIdentities ||
          (current.AllowClassicFlow ?? false) !== (wanted.AllowClassicFlow ?? false) ||
          providersText(current.CognitoIdentityProviders) !==
            providersText(wanted.CognitoIdentityProviders)
        if (differs) {
          await client.send(new UpdateIdentityPoolCommand({ ...wanted, IdentityPoolId }))
          log(`updated identity pool ${name}`)
        }
      }
      pools[name] = { IdentityPoolId }
    } catch (error) {
      throw new Error(
        `bootstrap of identity pool ${name} failed: ${error.name}: ${error.message}`,
        {
          cause: error,
        },
      )
    }
  }
  return pools
}

/** Replaces `${IDENTITY_POOL_ID:name}` in every string of `value` with that pool's id. */
export function withIdentityPoolIds(value, pools) {
  if (typeof value === 'string')
    return value.replace(/\$\{IDENTITY_POOL_ID:([^}]+)\}/g, (_, name) => {
      const id = pools[name]?.IdentityPoolId
      if (!id) throw new Error(`bootstrap: \${IDENTITY_POOL_ID:${name}} names no identity pool`)
      return id
    })
  if (Array.isArray(value)) return value.map((item) => withIdentityPoolIds(item, pools))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withIdentityPoolIds(item, pools)]),
    )
  return value
}

/** Sets each identity pool's default roles (by role name, from the `iam` section's ARNs). */
export async function applyIdentityPoolRoles(connection, declarations, pools, roleArns, log) {
  const client = clientFor(connection)
  for (const { IdentityPoolName, roles = {} } of declarations) {
    const Roles = Object.fromEntries(
      Object.entries(roles).map(([kind, roleName]) => {
        const arn = roleArns[roleName]
        if (!arn)
          throw new Error(
            `bootstrap: identity pool ${IdentityPoolName} names role ${roleName}, which the iam section does not declare`,
          )
        return [kind, arn]
      }),
    )
    const { IdentityPoolId } = pools[IdentityPoolName]
    const current = (await client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))).Roles
    pools[IdentityPoolName].roles = Roles
    const sorted = (roles) => JSON.stringify(Object.entries(roles ?? {}).sort())
    if (sorted(current) === sorted(Roles)) continue
    await client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles }))
    log(`set roles of identity pool ${IdentityPoolName}: ${Object.keys(Roles).join(', ')}`)
  }
  return pools
}
