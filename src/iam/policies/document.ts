import { LimitExceeded, MalformedPolicyDocument } from '../../errors/iam'
import type { PolicyDocumentJson, PolicyStatementJson } from '../model'

/** What a document is for: trust policies name principals, permission policies resources. */
export type DocumentKind = 'trust' | 'permissions'

const VERSIONS = ['2012-10-17', '2008-10-17']
const DOCUMENT_MEMBERS = ['Version', 'Id', 'Statement']
const STATEMENT_MEMBERS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]

/** IAM counts a document's size without its whitespace. */
export const policySize = (text: string): number => text.replace(/\s/g, '').length

/**
 * The JSON text of a document as sent: IAM takes it as JSON or URL-encoded JSON, and keeps it as
 * written (the wire answers it URL-encoded, as IAM does).
 */
export function documentText(sent: string): string {
  const trimmed = sent.trim()
  if (trimmed.startsWith('{')) return sent
  try {
    return decodeURIComponent(sent)
  } catch {
    return sent
  }
}

/** Refuses a document over `limit` characters (whitespace not counted) with IAM's message. */
export function checkSize(text: string, limit: number, message: string): void {
  if (policySize(text) > limit) throw new LimitExceeded(message)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isStringOrStrings = (value: unknown): value is string | string[] =>
  typeof value === 'string' ||
  (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))

/**
 * Parses and checks a policy document as IAM's grammar has it, answering MalformedPolicyDocument
 * with IAM's messages: JSON, a known Version, one statement or a list of them, each with an
 * Effect, actions, and resources (permissions) or principals and no resources (trust).
 */
export function parsePolicyDocument(text: string, kind: DocumentKind): PolicyDocumentJson {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new MalformedPolicyDocument('This policy contains invalid Json')
  }
  if (!isObject(parsed)) throw new MalformedPolicyDocument('Syntax errors in policy.')
  const unknown = Object.keys(parsed).find((member) => !DOCUMENT_MEMBERS.includes(member))
  if (unknown !== undefined) throw new MalformedPolicyDocument('Syntax errors in policy.')
  if (parsed.Version === undefined)
    throw new MalformedPolicyDocument('Missing required field Version')
  if (typeof parsed.Version !== 'string' || !VERSIONS.includes(parsed.Version))
    throw new MalformedPolicyDocument('The policy failed legacy parsing')
  if (parsed.Id !== undefined && typeof parsed.Id !== 'string')
    throw new MalformedPolicyDocument('Syntax errors in policy.')
  if (parsed.Statement === undefined)
    throw new MalformedPolicyDocument('Missing required field Statement')
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]
  if (statements.length === 0) throw new MalformedPolicyDocument('Missing required field Statement')
  return {
    Version: parsed.Version as PolicyDocumentJson['Version'],
    ...(parsed.Id !== undefined ? { Id: parsed.Id as string } : {}),
    Statement: statements.map((statement) => checkStatement(statement, kind)),
  }
}

function checkStatement(statement: unknown, kind: DocumentKind): PolicyStatementJson {
  if (!isObject(statement)) throw new MalformedPolicyDocument('Syntax errors in policy.')
  const unknown = Object.keys(statement).find((member) => !STATEMENT_MEMBERS.includes(member))
  if (unknown !== undefined) throw new MalformedPolicyDocument('Syntax errors in policy.')
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string')
    throw new MalformedPolicyDocument('Syntax errors in policy.')
  if (statement.Effect === undefined)
    throw new MalformedPolicyDocument('Missing required field Effect')
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    throw new MalformedPolicyDocument(`Invalid effect: ${String(statement.Effect).slice(0, 64)}`)
  checkPair(statement, 'Action', 'NotAction', 'Policy statement must contain actions.')
  if (kind === 'permissions') {
    checkPair(statement, 'Resource', 'NotResource', 'Policy statement must contain resources.')
    if (statement.Principal !== undefined || statement.NotPrincipal !== undefined)
      throw new MalformedPolicyDocument('Policy document should not specify a principal.')
  } else {
    if (statement.Resource !== undefined || statement.NotResource !== undefined)
      throw new MalformedPolicyDocument('Has prohibited field Resource')
    if (statement.Principal === undefined && statement.NotPrincipal === undefined)
      throw new MalformedPolicyDocument('Missing required field Principal')
    for (const member of ['Principal', 'NotPrincipal'] as const) {
      const principal = statement[member]
      if (principal === undefined || (member === 'Principal' && principal === '*')) continue
      if (!isObject(principal) || !Object.values(principal).every(isStringOrStrings))
        throw new MalformedPolicyDocument('Invalid principal in policy')
    }
  }
  if (statement.Condition !== undefined) {
    const condition = statement.Condition
    if (!isObject(condition) || !Object.values(condition).every(isObject))
      throw new MalformedPolicyDocument('Syntax errors in policy.')
  }
  return statement as unknown as PolicyStatementJson
}

/** A statement has exactly one of `member` and `notMember`, a string or a list of strings. */
function checkPair(
  statement: Record<string, unknown>,
  member: string,
  notMember: string,
  missing: string,
): void {
  const value = statement[member]
  const notValue = statement[notMember]
  if (value === undefined && notValue === undefined) throw new MalformedPolicyDocument(missing)
  if (value !== undefined && notValue !== undefined)
    throw new MalformedPolicyDocument('Syntax errors in policy.')
  if (!isStringOrStrings(value ?? notValue))
    throw new MalformedPolicyDocument('Syntax errors in policy.')
}
