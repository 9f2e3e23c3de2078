import { MalformedPolicyDocument } from '../../errors/iam'
import { compileAction, isActionPattern } from './action-match'
import { parseConditionBlock } from './conditions/parse'
import type { MatchList, PolicyDocument, PolicyKind, PolicyVersion, Statement } from './model'
import { parsePrincipal } from './principal'
import { isResourcePattern } from './resource-match'
import type { Pattern } from './wildcard'

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement'])
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])
const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17']

const malformed = (message: string): MalformedPolicyDocument => new MalformedPolicyDocument(message)
const syntaxError = (): MalformedPolicyDocument => malformed('Syntax errors in policy.')

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function stringList(raw: unknown, missing: string): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw]
  if (!list.length) throw malformed(missing)
  if (!list.every((item): item is string => typeof item === 'string')) throw syntaxError()
  return list
}

function either(
  statement: Record<string, unknown>,
  key: string,
  notKey: string,
  missing: string,
): { negated: boolean; values: string[] } | undefined {
  const has = statement[key] !== undefined
  const hasNot = statement[notKey] !== undefined
  if (has && hasNot) throw syntaxError()
  if (!has && !hasNot) return undefined
  return { negated: hasNot, values: stringList(has ? statement[key] : statement[notKey], missing) }
}

function parseActions(statement: Record<string, unknown>): MatchList<Pattern> {
  const missing = 'Policy statement must contain actions.'
  const actions = either(statement, 'Action', 'NotAction', missing)
  if (!actions) throw malformed(missing)
  for (const action of actions.values) {
    if (isActionPattern(action)) continue
    throw malformed(
      action.split(':').length > 2
        ? 'Actions/Condition can contain only one colon.'
        : 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    )
  }
  return { negated: actions.negated, patterns: actions.values.map(compileAction) }
}

function parseResources(
  statement: Record<string, unknown>,
  kind: PolicyKind,
): MatchList<string> | undefined {
  const missing = 'Policy statement must contain resources.'
  const resources = either(statement, 'Resource', 'NotResource', missing)
  if (kind === 'trust') {
    if (resources)
      throw malformed(`Has prohibited field ${resources.negated ? 'NotResource' : 'Resource'}`)
    return undefined
  }
  if (!resources) throw malformed(missing)
  for (const resource of resources.values)
    if (!isResourcePattern(resource))
      throw malformed(`Resource ${resource} must be in ARN format or "*".`)
  return { negated: resources.negated, patterns: resources.values }
}

function parseStatement(
  raw: unknown,
  index: number,
  kind: PolicyKind,
  version: PolicyVersion,
): Statement {
  if (!isRecord(raw)) throw syntaxError()
  if (Object.keys(raw).some((key) => !STATEMENT_KEYS.has(key))) throw syntaxError()
  const { Sid: sid, Effect: effect } = raw
  if (sid !== undefined && (typeof sid !== 'string' || !/^[0-9A-Za-z]*$/.test(sid)))
    throw malformed(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    )
  if (effect === undefined) throw malformed('Missing required field Effect')
  if (effect !== 'Allow' && effect !== 'Deny') throw malformed(`Invalid effect: ${String(effect)}`)
  if (kind !== 'trust' && (raw.Principal !== undefined || raw.NotPrincipal !== undefined))
    throw malformed('Policy document should not specify a principal.')
  if (kind === 'trust' && raw.NotPrincipal !== undefined)
    throw malformed('Has prohibited field NotPrincipal')
  if (kind === 'trust' && raw.Principal === undefined)
    throw malformed('Missing required field Principal')
  return {
    index,
    sid: sid || undefined,
    effect,
    action: parseActions(raw),
    resource: parseResources(raw, kind),
    principal: kind === 'trust' ? parsePrincipal(raw.Principal) : undefined,
    conditions: raw.Condition === undefined ? [] : parseConditionBlock(raw.Condition, version),
  }
}

/**
 * Parses and validates a policy document (JSON text or an already-parsed value) as IAM would
 * accept it for the given kind: identity and session policies must name resources and no
 * principal; trust policies must name a principal and no resource. A document without Version is
 * read as 2008-10-17 (no policy variables), as IAM does.
 *
 * @throws MalformedPolicyDocument with IAM's message for the first problem found, including any
 *   unknown element or condition operator: nothing unknown is ever silently ignored.
 */
export function parsePolicyDocument(
  source: unknown,
  kind: PolicyKind = 'identity',
): PolicyDocument {
  let raw = source
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source)
    } catch {
      throw syntaxError()
    }
  }
  if (!isRecord(raw)) throw syntaxError()
  if (Object.keys(raw).some((key) => !DOCUMENT_KEYS.has(key))) throw syntaxError()
  const { Version: version = '2008-10-17', Id: id, Statement: statements } = raw
  if (!VERSIONS.includes(version as PolicyVersion))
    throw malformed('The policy failed legacy parsing')
  if (id !== undefined && typeof id !== 'string') throw syntaxError()
  if (statements === undefined) throw malformed('Missing required field Statement')
  const list: unknown[] = Array.isArray(statements) ? statements : [statements]
  const parsed = list.map((statement, index) =>
    parseStatement(statement, index, kind, version as PolicyVersion),
  )
  const sids = parsed.flatMap((statement) => (statement.sid ? [statement.sid] : []))
  if (new Set(sids).size !== sids.length)
    throw malformed('Statement IDs (SID) in a single policy must be unique.')
  return { kind, version: version as PolicyVersion, id, statements: parsed }
}
