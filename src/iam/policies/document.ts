import { LimitExceeded, MalformedPolicyDocument } from '../../errors/iam'
import type { PolicyDocumentJson, PolicyStatementJson } from '../model'
import { parsePolicyDocument as parseForEvaluation } from '../policy'

/** What a document is for: trust policies name principals, permission policies resources. */
export type DocumentKind = 'trust' | 'permissions'

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

/**
 * Parses and checks a policy document, answering MalformedPolicyDocument with IAM's messages. The
 * grammar is the evaluator's own (`iam/policy`), so nothing is stored that the evaluator would
 * later read differently or refuse: one parser decides what a policy means. What is kept is the
 * document as JSON, its statements always a list.
 */
export function parsePolicyDocument(text: string, kind: DocumentKind): PolicyDocumentJson {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new MalformedPolicyDocument('This policy contains invalid Json')
  }
  parseForEvaluation(parsed, kind === 'trust' ? 'trust' : 'identity')
  if (!isObject(parsed)) throw new MalformedPolicyDocument('Syntax errors in policy.')
  // Stricter than reading, as IAM is when it stores a document: a Version and a statement at least.
  if (parsed.Version === undefined)
    throw new MalformedPolicyDocument('Missing required field Version')
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]
  if (parsed.Statement === undefined || statements.length === 0)
    throw new MalformedPolicyDocument('Missing required field Statement')
  return {
    Version: parsed.Version as PolicyDocumentJson['Version'],
    ...(typeof parsed.Id === 'string' ? { Id: parsed.Id } : {}),
    Statement: statements as PolicyStatementJson[],
  }
}
