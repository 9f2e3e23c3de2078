import { MalformedXML } from '../../../errors/s3'
import { element } from '../../../xml/writer'
import { readSmallBody } from '../body/small-body'
import { objectArn, r2Key, type S3Operation } from '../context'
import { childText, parseXml } from '../xml-parser'
import { S3_NAMESPACE, xmlReply } from '../xml-reply'

/** S3 deletes at most 1,000 keys per request. */
const MAX_KEYS = 1000
/** 1,000 keys of 1,024 bytes with their markup. */
const MAX_BODY_BYTES = 2 * 1024 * 1024

/** The keys a `<Delete>` document names, and whether the answer is Quiet. */
function deleteRequest(text: string): { keys: string[]; quiet: boolean } {
  const root = parseXml(text, {
    maxChars: MAX_BODY_BYTES,
    maxDepth: 4,
    maxElements: 3 * MAX_KEYS + 4,
  })
  if (root.name !== 'Delete') throw new MalformedXML()
  const objects = root.children.filter((child) => child.name === 'Object')
  if (objects.length === 0 || objects.length > MAX_KEYS) throw new MalformedXML()
  const keys = objects.map((object) => {
    const key = childText(object, 'Key')
    if (key === undefined || key === '') throw new MalformedXML()
    return key
  })
  return { keys, quiet: (childText(root, 'Quiet') ?? '').trim() === 'true' }
}

/** DeleteObjects: each key authorised on its own; refused keys are reported, the rest deleted. */
export const deleteObjects: S3Operation = {
  name: 'DeleteObjects',
  // Authorised per key below: a refusal of one key is its own <Error>, not the whole request's.
  permission: () => undefined,
  async run(context) {
    const { keys, quiet } = deleteRequest(
      await readSmallBody(context.request, context.payloadHash, MAX_BODY_BYTES),
    )
    const allowed: string[] = []
    const refused: Array<{ key: string; message: string }> = []
    for (const key of new Set(keys)) {
      const decision = await context.isAllowed('s3:DeleteObject', objectArn(context, key))
      if (decision.allowed) allowed.push(key)
      else refused.push({ key, message: decision.message })
    }
    if (allowed.length > 0) await context.bucket.delete(allowed.map((key) => r2Key(context, key)))
    return xmlReply(
      element(
        'DeleteResult',
        [
          ...(quiet ? [] : allowed.map((key) => element('Deleted', [element('Key', key)]))),
          ...refused.map(({ key, message }) =>
            element('Error', [
              element('Key', key),
              element('Code', 'AccessDenied'),
              element('Message', message),
            ]),
          ),
        ],
        S3_NAMESPACE,
      ),
    )
  },
}
