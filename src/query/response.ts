import { element, type Xml, xmlDocument } from '../xml/writer'

/** A value an action answers: what the query protocol's XML can carry. */
export type OutputValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | OutputValue[]
  | { [member: string]: OutputValue }

/** AWS's timestamps on the query wire: ISO 8601 in UTC, to the second. */
const timestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * A value as the awsQuery protocol serialises it: structures as an element per member (members
 * left undefined are left out), lists as `<member>` elements, timestamps as ISO 8601, booleans as
 * `true`/`false`.
 */
function toElements(name: string, value: OutputValue): Xml[] {
  if (value === undefined) return []
  if (typeof value === 'string') return [element(name, value)]
  if (typeof value === 'number' || typeof value === 'boolean') return [element(name, String(value))]
  if (value instanceof Date) return [element(name, timestamp(value))]
  if (Array.isArray(value))
    return [
      element(
        name,
        value.flatMap((item) => toElements('member', item)),
      ),
    ]
  return [
    element(
      name,
      Object.entries(value).flatMap(([member, item]) => toElements(member, item)),
    ),
  ]
}

/**
 * A successful answer: `<{Action}Response>` holding `<{Action}Result>` (when the action answers
 * anything) and the request id, in the service's namespace.
 */
export function queryResponse(
  action: string,
  result: Record<string, OutputValue> | undefined,
  requestId: string,
  namespace: string,
): string {
  return xmlDocument(
    element(
      `${action}Response`,
      [
        ...(result ? toElements(`${action}Result`, result) : []),
        element('ResponseMetadata', [element('RequestId', requestId)]),
      ],
      { xmlns: namespace },
    ),
  )
}
