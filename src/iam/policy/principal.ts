import { MalformedPolicyDocument } from '../../errors/iam'
import { splitArn } from './arn'
import type { PrincipalKind, PrincipalSpec } from './model'

/** Who asks to assume a role, by kind: `{ Federated: 'cognito-identity.amazonaws.com' }`. */
export type RequestPrincipal = Readonly<Partial<Record<PrincipalKind, string>>>

const KINDS: readonly PrincipalKind[] = ['AWS', 'Federated', 'Service']
const isKind = (key: string): key is PrincipalKind => (KINDS as readonly string[]).includes(key)

const invalid = (): MalformedPolicyDocument =>
  new MalformedPolicyDocument('Invalid principal in policy')

// A bare account id names the account's root, as IAM rewrites it.
const normalise = (kind: PrincipalKind, name: string): string =>
  kind === 'AWS' && /^\d{12}$/.test(name) ? `arn:aws:iam::${name}:root` : name

/** Parses a Principal element: `*`, or `{ AWS | Federated | Service: name or names }`. */
export function parsePrincipal(raw: unknown): PrincipalSpec {
  if (raw === '*') return { any: true }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid()
  const names = new Map<PrincipalKind, string[]>()
  for (const [key, value] of Object.entries(raw)) {
    if (!isKind(key)) throw invalid()
    const list: unknown[] = Array.isArray(value) ? value : [value]
    if (
      !list.length ||
      !list.every((name): name is string => typeof name === 'string' && name !== '')
    )
      throw invalid()
    names.set(
      key,
      list.map((name) => normalise(key, name)),
    )
  }
  if (!names.size) throw invalid()
  return { any: false, names }
}

function awsNameMatches(policyName: string, requestArn: string): boolean {
  if (policyName === requestArn) return true
  // An account's root stands for every principal of that account.
  const root = /^arn:([^:]+):iam::(\d{12}):root$/.exec(policyName)
  const fields = splitArn(requestArn)
  return root !== null && fields !== undefined && fields[1] === root[1] && fields[4] === root[2]
}

/**
 * Whether a trust statement's Principal names the requester. `*` and `{ "AWS": "*" }` both name
 * everyone; names carry no other wildcards.
 */
export function principalMatches(spec: PrincipalSpec, principal: RequestPrincipal): boolean {
  if (spec.any || spec.names.get('AWS')?.includes('*')) return true
  return KINDS.some((kind) => {
    const name = principal[kind]
    const names = spec.names.get(kind)
    if (name === undefined || !names) return false
    return kind === 'AWS'
      ? names.some((policyName) => awsNameMatches(policyName, name))
      : names.includes(name)
  })
}
