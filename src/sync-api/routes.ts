import { InvalidParameterException, UnknownOperationException } from '../errors/sync'
import type { AnySyncOperation } from './operation'

/** An operation a request's method and path name, with its path labels decoded. */
export interface MatchedRoute {
  operation: AnySyncOperation
  labels: Record<string, string>
}

type Segment = { literal: string } | { label: string }

const compiled = new WeakMap<AnySyncOperation, Segment[]>()

function segmentsOf(operation: AnySyncOperation): Segment[] {
  let segments = compiled.get(operation)
  if (!segments) {
    segments = operation.path
      .split('/')
      .filter((part) => part !== '')
      .map((part) =>
        part.startsWith('{') && part.endsWith('}')
          ? { label: part.slice(1, -1) }
          : { literal: part },
      )
    compiled.set(operation, segments)
  }
  return segments
}

/** One path segment decoded once, as the SDK encoded the label; a broken escape is a bad parameter. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new InvalidParameterException('The request path holds a malformed escape.')
  }
}

/**
 * The operation for `method` and `path` (the path below any prefix, as sent). Labels are matched
 * by segment, so a label never spans a `/` (an encoded `%2F` stays inside its segment and then
 * fails the label's pattern). No path: UnknownOperationException; a path of another method: the
 * same, as the front answers both.
 */
export function matchRoute(
  operations: readonly AnySyncOperation[],
  method: string,
  path: string,
): MatchedRoute {
  const sent = path.split('/').filter((part) => part !== '')
  for (const operation of operations) {
    if (operation.method !== method) continue
    const segments = segmentsOf(operation)
    if (segments.length !== sent.length) continue
    const labels: Record<string, string> = {}
    let matches = true
    for (const [i, segment] of segments.entries()) {
      if ('literal' in segment) {
        if (segment.literal !== sent[i]) {
          matches = false
          break
        }
      } else labels[segment.label] = decodeSegment(sent[i]!)
    }
    if (matches) return { operation, labels }
  }
  throw new UnknownOperationException(`No operation answers ${method.slice(0, 16)} on this path.`)
}
