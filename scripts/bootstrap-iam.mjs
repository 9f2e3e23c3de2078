// The `iam` section of portcullis.bootstrap.json, applied idempotently through the IAM query API
// with @aws-sdk/client-iam: OpenID Connect providers first (trust policies and identity pools name
// them), then managed policies (roles attach them by name), then roles. What is
// missing is created; a role's trust policy and inline policies are brought in line with the file;
// declared attachments are made (attaching twice is a no-op in IAM); a provider's declared client
// ids are added (adding twice is a no-op too). What IAM fixes at creation
// (paths, a managed policy's document without new versions) is reported, never silently ignored.
//
//   "iam": {
//     "openIdConnectProviders": [{ "Url": "https://issuer.example", "ClientIDList": ["..."],
//                                  "ThumbprintList": ["..."], "Tags": [...] }],
//     "policies": [{ "PolicyName": "...", "Path": "/", "PolicyDocument": { ... }, "Description": "..." }],
//     "roles": [{ "RoleName": "...", "Path": "/", "AssumeRolePolicyDocument": { ... },
//                 "Description": "...", "MaxSessionDuration": 3600, "Tags": [{ "Key": "...", "Value": "..." }],
//                 "InlinePolicies": { "name": { ... } }, "ManagedPolicies": ["PolicyName or ARN"] }]
//   }
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'

const ACCOUNT_ID = '000000000000'

/** Documents may be written as JSON objects in the file; IAM takes them as text. */
const documentText = (document) =>
  typeof document === 'string' ? document : JSON.stringify(document)

/** Two documents say the same when they parse to the same JSON (IAM answers them URL-encoded). */
const sameDocument = (encoded, declared) => {
  try {
    return (
      JSON.stringify(JSON.parse(decodeURIComponent(encoded))) ===
      JSON.stringify(JSON.parse(documentText(declared)))
    )
  } catch {
    return false
  }
}

async function getOrUndefined(iam, command) {
  try {
    return await iam.send(command)
  } catch (error) {
    if (error.name === 'NoSuchEntityException') return undefined
    throw error
  }
}

/** The ARN IAM gives a provider: its issuer without the scheme or a trailing slash, host lower-cased. */
function oidcProviderArn(url) {
  const issuer = new URL(url)
  return `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${issuer.host}${issuer.pathname.replace(/\/+$/, '')}`
}

async function applyOidcProvider(iam, { Url, ClientIDList = [], ThumbprintList, Tags }, log) {
  const OpenIDConnectProviderArn = oidcProviderArn(Url)
  const current = await getOrUndefined(
    iam,
    new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn }),
  )
  if (!current) {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url,
        ClientIDList,
        ...(ThumbprintList ? { ThumbprintList } : {}),
        ...(Tags ? { Tags } : {}),
      }),
    )
    log(`created OpenID Connect provider ${Url}`)
    return OpenIDConnectProviderArn
  }
  for (const ClientID of ClientIDList) {
    if ((current.ClientIDList ?? []).includes(ClientID)) continue
    await iam.send(
      new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, ClientID }),
    )
    log(`added client id ${ClientID} to OpenID Connect provider ${Url}`)
  }
  return OpenIDConnectProviderArn
}

async function applyPolicy(iam, { PolicyName, Path = '/', PolicyDocument, Description }, log) {
  const PolicyArn = `arn:aws:iam::${ACCOUNT_ID}:policy${Path}${PolicyName}`
  const current = (await getOrUndefined(iam, new GetPolicyCommand({ PolicyArn })))?.Policy
  if (!current) {
    await iam.send(
      new CreatePolicyCommand({
        PolicyName,
        Path,
        PolicyDocument: documentText(PolicyDocument),
        ...(Description !== undefined ? { Description } : {}),
      }),
    )
    log(`created policy ${PolicyName}`)
    return PolicyArn
  }
  const version = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn, VersionId: current.DefaultVersionId }),
  )
  if (!sameDocument(version.PolicyVersion.Document, PolicyDocument))
    log(
      `warning: policy ${PolicyName} differs from the file; managed policies keep their document here: delete the policy (or the local state) to apply it`,
    )
  return PolicyArn
}

async function applyRole(iam, declaration, policyArns, log) {
  const {
    RoleName,
    Path = '/',
    AssumeRolePolicyDocument,
    InlinePolicies = {},
    ManagedPolicies = [],
    ...settings
  } = declaration
  const current = (await getOrUndefined(iam, new GetRoleCommand({ RoleName })))?.Role
  if (!current) {
    await iam.send(
      new CreateRoleCommand({
        RoleName,
        Path,
        AssumeRolePolicyDocument: documentText(AssumeRolePolicyDocument),
        ...settings,
      }),
    )
    log(`created role ${RoleName}`)
  } else {
    if (current.Path !== Path)
      log(`warning: role ${RoleName} has path ${current.Path}, which IAM fixes at creation`)
    if (!sameDocument(current.AssumeRolePolicyDocument, AssumeRolePolicyDocument)) {
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName,
          PolicyDocument: documentText(AssumeRolePolicyDocument),
        }),
      )
      log(`updated role ${RoleName}: AssumeRolePolicyDocument`)
    }
  }
  for (const [PolicyName, document] of Object.entries(InlinePolicies)) {
    const have = await getOrUndefined(iam, new GetRolePolicyCommand({ RoleName, PolicyName }))
    if (have && sameDocument(have.PolicyDocument, document)) continue
    await iam.send(
      new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: documentText(document) }),
    )
    log(`${have ? 'updated' : 'added'} inline policy ${PolicyName} of role ${RoleName}`)
  }
  for (const policy of ManagedPolicies) {
    const PolicyArn = policy.startsWith('arn:') ? policy : policyArns[policy]
    if (!PolicyArn)
      throw new Error(`bootstrap: role ${RoleName} attaches ${policy}, which no policy declares`)
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }))
  }
  return `arn:aws:iam::${ACCOUNT_ID}:role${current?.Path ?? Path}${RoleName}`
}

/**
 * Applies an `iam` declaration; returns the ARNs of its roles and policies by name, and of its
 * OpenID Connect providers by URL.
 */
export async function applyIam({ endpoint, region, credentials }, declaration, log) {
  const iam = new IAMClient({ endpoint, region, credentials })
  const openIdConnectProviders = {}
  for (const provider of declaration.openIdConnectProviders ?? []) {
    try {
      openIdConnectProviders[provider.Url] = await applyOidcProvider(iam, provider, log)
    } catch (error) {
      throw new Error(
        `bootstrap of OpenID Connect provider ${provider.Url} failed: ${error.name}: ${error.message}`,
        { cause: error },
      )
    }
  }
  const policies = {}
  for (const policy of declaration.policies ?? []) {
    try {
      policies[policy.PolicyName] = await applyPolicy(iam, policy, log)
    } catch (error) {
      throw new Error(
        `bootstrap of policy ${policy.PolicyName} failed: ${error.name}: ${error.message}`,
        {
          cause: error,
        },
      )
    }
  }
  const roles = {}
  for (const role of declaration.roles ?? []) {
    try {
      roles[role.RoleName] = await applyRole(iam, role, policies, log)
    } catch (error) {
      throw new Error(
        `bootstrap of role ${role.RoleName} failed: ${error.name}: ${error.message}`,
        {
          cause: error,
        },
      )
    }
  }
  return {
    roles,
    policies,
    ...(Object.keys(openIdConnectProviders).length > 0 ? { openIdConnectProviders } : {}),
  }
}
