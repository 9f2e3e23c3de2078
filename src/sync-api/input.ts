import type { Problems } from '../api/validation/shape'
import { InvalidParameterException } from '../errors/sync'
import type { AnySyncOperation } from './operation'

/** What a request carries for an operation's input, as received. */
export interface RawInput {
  labels: Record<string, string>
  query: URLSearchParams
  headers: Headers
  body: Uint8Array
}

const INTEGER = /^-?\d{1,16}$/

/** The JSON body of a request: an object, or nothing; anything else is a bad parameter. */
function bodyMembers(operation: AnySyncOperation, body: Uint8Array): Record<string, unknown> {
  if (operation.method !== 'POST' || body.byteLength === 0) return {}
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body))
  } catch {
    throw new InvalidParameterException('The request body is not valid JSON.')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InvalidParameterException('The request body must be a JSON object.')
  return json as Record<string, unknown>
}

/**
 * The operation's input from the request: body members, then the path labels, query parameters and
 * headers the model binds (a body member of a bound name is ignored, as it is not where the model
 * puts it), read against the operation's shape. Every failure, of type or of constraint, is the
 * model's InvalidParameterException, with AWS's "validation error" wording.
 */
export function readInput(operation: AnySyncOperation, raw: RawInput): unknown {
  const members: Record<string, unknown> = {}
  const bound = new Set<string>([
    ...Object.keys(raw.labels),
    ...Object.values(operation.bindings?.query ?? {}).map((binding) => binding.member),
    ...Object.values(operation.bindings?.headers ?? {}),
  ])
  for (const [name, value] of Object.entries(bodyMembers(operation, raw.body)))
    if (!bound.has(name)) members[name] = value
  Object.assign(members, raw.labels)
  for (const [parameter, binding] of Object.entries(operation.bindings?.query ?? {})) {
    const value = raw.query.get(parameter)
    if (value === null) continue
    members[binding.member] = binding.integer && INTEGER.test(value) ? Number(value) : value
  }
  for (const [header, member] of Object.entries(operation.bindings?.headers ?? {})) {
    const value = raw.headers.get(header)
    if (value !== null) members[member] = value
  }
  const problems: Problems = { constraints: [] }
  const input = operation.input.read(members, '', problems)
  if (problems.serialization !== undefined)
    throw new InvalidParameterException(problems.serialization)
  if (problems.constraints.length > 0) {
    const count = problems.constraints.length
    throw new InvalidParameterException(
      `${count} validation error${count > 1 ? 's' : ''} detected: ${problems.constraints.slice(0, 10).join('; ')}`,
    )
  }
  return input
}
