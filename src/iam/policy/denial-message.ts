import type { Evaluation, PolicyLayer } from './evaluate'

/** What a denial message names. */
export interface DenialSubject {
  /** The caller, e.g. `arn:aws:sts::000000000000:assumed-role/{role}/{session}`. */
  readonly principalArn: string
  readonly action: string
  /** The resource ARN; for a trust policy, the role's ARN. */
  readonly resource?: string
}

// How IAM names each layer in its messages (a trust policy is the role's resource-based policy).
const LAYER_NAMES: Readonly<Record<PolicyLayer, { a: string; no: string }>> = {
  identity: { a: 'an identity-based policy', no: 'identity-based' },
  session: { a: 'a session policy', no: 'session' },
  trust: { a: 'a resource-based policy', no: 'resource-based' },
}

/**
 * AWS's access-denied message for a denial, e.g. `User: arn:... is not authorized to perform:
 * s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the
 * s3:GetObject action`, or `... with an explicit deny in a session policy`. Undefined for Allow.
 */
export function denialMessage(evaluation: Evaluation, subject: DenialSubject): string | undefined {
  if (evaluation.decision === 'Allow') return undefined
  const names = LAYER_NAMES[evaluation.deniedBy ?? 'identity']
  const on = subject.resource === undefined ? '' : ` on resource: "${subject.resource}"`
  const head = `User: ${subject.principalArn} is not authorized to perform: ${subject.action}${on}`
  return evaluation.decision === 'ExplicitDeny'
    ? `${head} with an explicit deny in ${names.a}`
    : `${head} because no ${names.no} policy allows the ${subject.action} action`
}
