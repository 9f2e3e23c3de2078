import { InvalidArgument } from '../../../errors/s3'
import { element } from '../../../xml/writer'
import { encodeRfc3986 } from '../../../http/sigv4/canonical'
import { bucketArn, type S3Operation } from '../context'
import { S3_NAMESPACE, xmlReply } from '../xml-reply'

const MAX_KEYS = 1000

/** The request's listing parameters. */
function listing(params: URLSearchParams) {
  const maxKeysText = params.get('max-keys')
  const maxKeys = maxKeysText === null ? MAX_KEYS : Number(maxKeysText)
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new InvalidArgument('max-keys must be a non-negative whole number.')
  const encodingType = params.get('encoding-type')
  if (encodingType !== null && encodingType !== 'url')
    throw new InvalidArgument('Invalid Encoding Method specified in Request')
  return {
    prefix: params.get('prefix') ?? '',
    delimiter: params.get('delimiter') ?? '',
    startAfter: params.get('start-after') ?? '',
    continuationToken: params.get('continuation-token') ?? undefined,
    maxKeys: Math.min(maxKeys, MAX_KEYS),
    requestedMaxKeys: maxKeys,
    url: encodingType === 'url',
  }
}

/** S3's `encoding-type=url`: keys as URL-encoded text, `/` left as is. */
const urlEncoded = (text: string) => encodeRfc3986(text).replace(/%2F/g, '/')

/** ListObjectsV2 over R2's list: prefix, delimiter, start-after, continuation-token, max-keys. */
export const listObjectsV2: S3Operation = {
  name: 'ListObjectsV2',
  permission: (context) => {
    const params = context.url.searchParams
    const conditions: Record<string, string> = {}
    for (const [key, param] of [
      ['s3:prefix', 'prefix'],
      ['s3:delimiter', 'delimiter'],
      ['s3:max-keys', 'max-keys'],
    ] as const) {
      const value = params.get(param)
      if (value !== null) conditions[key] = value
    }
    return { action: 's3:ListBucket', resource: bucketArn(context), context: conditions }
  },
  async run(context) {
    const query = listing(context.url.searchParams)
    const shown = (text: string) => (query.url ? urlEncoded(text) : text)
    const strip = (key: string) => key.slice(context.keyPrefix.length)
    let objects: R2Object[] = []
    let prefixes: string[] = []
    let truncated = false
    let cursor: string | undefined
    if (query.maxKeys > 0) {
      const listed = await context.bucket.list({
        prefix: context.keyPrefix + query.prefix,
        limit: query.maxKeys,
        ...(query.delimiter ? { delimiter: query.delimiter } : {}),
        ...(query.continuationToken ? { cursor: query.continuationToken } : {}),
        ...(query.startAfter && !query.continuationToken
          ? { startAfter: context.keyPrefix + query.startAfter }
          : {}),
      })
      objects = listed.objects
      prefixes = listed.delimitedPrefixes
      truncated = listed.truncated
      cursor = listed.truncated ? listed.cursor : undefined
    }
    const optional = (name: string, value: string | undefined) =>
      value ? element(name, value) : undefined
    return xmlReply(
      element(
        'ListBucketResult',
        [
          element('Name', context.bucketName),
          element('Prefix', shown(query.prefix)),
          optional('Delimiter', query.delimiter && shown(query.delimiter)),
          element('MaxKeys', query.requestedMaxKeys),
          optional('EncodingType', query.url ? 'url' : undefined),
          element('KeyCount', objects.length + prefixes.length),
          element('IsTruncated', truncated),
          optional('ContinuationToken', query.continuationToken),
          optional('NextContinuationToken', cursor),
          optional('StartAfter', query.startAfter && shown(query.startAfter)),
          ...objects.map((object) =>
            element('Contents', [
              element('Key', shown(strip(object.key))),
              element('LastModified', object.uploaded.toISOString()),
              element('ETag', object.httpEtag),
              element('Size', object.size),
              element('StorageClass', 'STANDARD'),
            ]),
          ),
          ...prefixes.map((prefix) =>
            element('CommonPrefixes', [element('Prefix', shown(strip(prefix)))]),
          ),
        ],
        S3_NAMESPACE,
      ),
    )
  },
}
