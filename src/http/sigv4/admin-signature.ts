import {
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../errors/cognito'
import { SigV4Failure } from './failure'
import { verifySignature } from './verify'

export interface SignedRequest {
  method: string
  url: URL
  headers: Headers
  body: Uint8Array<ArrayBuffer>
}

export interface VerifiedCaller {
  accessKeyId: string
  region: string
}

/** What a deployment accepts: the scope it answers for, and whether the payload may go unsigned. */
export interface SigV4Policy {
  /** The service the credential scope must name (`cognito-idp` for the Cognito JSON API). */
  service: string
  /** The region this deployment answers as; the credential scope must name it. */
  region: string
  /**
   * Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is accepted. S3 accepts it; the JSON APIs
   * must not, as the body (the operation's input) would then be outside the signature.
   */
  allowUnsignedPayload: boolean
  now: number
}

/**
 * Verifies an AWS Signature Version 4 (header form, the whole body hashed) against the configured
 * key pairs, answering refusals as the Cognito JSON API does: no signature is
 * MissingAuthenticationTokenException, an unknown key UnrecognizedClientException, anything else
 * InvalidSignatureException. The checks themselves are the shared verifier's.
 */
export async function verifySigV4(
  request: SignedRequest,
  keys: ReadonlyMap<string, string>,
  policy: SigV4Policy,
): Promise<VerifiedCaller> {
  try {
    const verified = await verifySignature(request, {
      service: policy.service,
      region: policy.region,
      now: policy.now,
      allowPresigned: false,
      payload: { kind: 'body', body: request.body, allowUnsigned: policy.allowUnsignedPayload },
      lookup: async (accessKeyId) => {
        const secret = keys.get(accessKeyId)
        return secret === undefined ? null : { secret, caller: accessKeyId }
      },
    })
    return { accessKeyId: verified.accessKeyId, region: verified.region }
  } catch (error) {
    if (!(error instanceof SigV4Failure)) throw error
    if (error.kind === 'missing-auth') throw new MissingAuthenticationTokenException()
    if (error.kind === 'unknown-key') throw new UnrecognizedClientException(error.message)
    throw new InvalidSignatureException(error.message)
  }
}

/** What an admin call is checked against: the admin key pairs, the region and the clock. */
export interface AdminSigning {
  adminKeys: ReadonlyMap<string, string>
  region: string
  now: number
}

/**
 * An admin call of a JSON or query API: signed with an admin key for `signingName`, the whole body
 * under the signature (never UNSIGNED-PAYLOAD). One place, so every API checks it the same way.
 */
export function verifyAdminCall(
  request: Request,
  body: Uint8Array<ArrayBuffer>,
  signingName: string,
  signing: AdminSigning,
): Promise<VerifiedCaller> {
  return verifySigV4(
    { method: request.method, url: new URL(request.url), headers: request.headers, body },
    signing.adminKeys,
    { service: signingName, region: signing.region, allowUnsignedPayload: false, now: signing.now },
  )
}

/** Parses `ADMIN_KEYS`: "AKID:SECRET" pairs separated by commas or newlines. */
export function parseAdminKeys(text: string | undefined): Map<string, string> {
  const keys = new Map<string, string>()
  for (const entry of (text ?? '').split(/[\n,]/)) {
    const trimmed = entry.trim()
    const colon = trimmed.indexOf(':')
    if (colon > 0) keys.set(trimmed.slice(0, colon), trimmed.slice(colon + 1))
  }
  return keys
}
