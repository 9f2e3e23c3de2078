import { MalformedQueryString, RequestEntityTooLarge } from '../errors/iam'
import { readLimitedBody } from '../http/body'

/**
 * Largest form accepted. The largest IAM input is a policy document (128 KiB by the model, far less
 * by quota), form-encoded at up to three bytes a character, plus the other members.
 */
export const MAX_FORM_BYTES = 512 * 1024

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'

const mediaType = (request: Request): string =>
  (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()

/** Whether a request's body is a form (the query protocol's), whatever charset it names. */
export const isForm = (request: Request): boolean => mediaType(request) === FORM_CONTENT_TYPE

/**
 * Whether a request's body says it is JSON (`application/json`, `application/x-amz-json-1.1`, …):
 * the JSON API's, which answers it in its own format even when its `X-Amz-Target` is missing.
 */
export const isJson = (request: Request): boolean =>
  /^application\/[\w.+-]*json[\w.+-]*$/.test(mediaType(request))

/** The body's bytes (the signature covers them), refused past MAX_FORM_BYTES while still arriving. */
export const readForm = (request: Request): Promise<Uint8Array<ArrayBuffer>> =>
  readLimitedBody(request, MAX_FORM_BYTES, () => new RequestEntityTooLarge())

/**
 * The form's parameters. Text that is not UTF-8, or whose percent-escapes decode to something that
 * is not, is refused: URLSearchParams would silently replace it and hand on a different value than
 * was signed and sent.
 */
export function parseForm(body: Uint8Array): URLSearchParams {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body)
  } catch {
    throw new MalformedQueryString('The request body is not UTF-8.')
  }
  for (const pair of text.split('&')) {
    try {
      decodeURIComponent(pair.replaceAll('+', ' '))
    } catch {
      throw new MalformedQueryString('The request body is not a well-formed form.')
    }
  }
  return new URLSearchParams(text)
}
