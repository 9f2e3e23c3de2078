import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { SignatureV4 } from '@smithy/signature-v4'
import { Readable } from 'node:stream'
import { beforeEach, describe, expect, it } from 'vitest'
import { adminAuthorization, type Authorize } from '../../src/gateway/aws-iam'
import { parseGatewayConfig } from '../../src/gateway/config'
import { serveS3 } from '../../src/gateway/s3/front'
import { memoryStores } from '../../src/storage/memory/memory-stores'
import { APP, TEST_ADMIN_KEY, testApp, type TestApp } from './support/app'
import { MemoryR2Bucket } from './support/memory-r2-bucket'
import { NodeSha256 } from './support/node-sha256'
import { s3Client } from './support/sdk'

const ROUTES = {
  routes: [
    { path: '/s3/*', origin: 's3:MEDIA/tenant/', bucket: 'media', authorization: 'aws_iam' },
    { path: '/other/*', origin: 'r2:MEDIA', unauthenticated: 'allow' },
  ],
}
const ENDPOINT = `${APP}/s3`

let app: TestApp
let bucket: MemoryR2Bucket
let s3: S3Client

beforeEach(() => {
  let now = () => 0
  bucket = new MemoryR2Bucket(() => now())
  app = testApp({ GATEWAY_CONFIG: JSON.stringify(ROUTES) }, { MEDIA: bucket })
  now = app.now
  s3 = s3Client(app.fetch, app.now, { endpoint: ENDPOINT })
})

const text = async (body: { transformToString(): Promise<string> } | undefined) =>
  body ? body.transformToString() : ''

/** The S3 error an SDK call failed with: its code and status. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({
      code: e.name,
      status: e.$metadata?.httpStatusCode,
    }),
  )

describe('the S3 front over an R2 bucket, with the unmodified S3 client', () => {
  it('puts, heads, gets (whole, ranged, conditional) and deletes an object under the route prefix', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'docs/hello.txt',
        Body: 'hello, s3',
        ContentType: 'text/plain',
        Metadata: { owner: 'alice' },
      }),
    )
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/)
    expect([...bucket.objects.keys()]).toEqual(['tenant/docs/hello.txt'])
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt' }))
    expect(head).toMatchObject({ ContentLength: 9, ContentType: 'text/plain', ETag: put.ETag })
    expect(head.Metadata).toEqual({ owner: 'alice' })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt' }))
    expect(await text(got.Body)).toBe('hello, s3')
    const ranged = await s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt', Range: 'bytes=7-' }),
    )
    expect(ranged.ContentRange).toBe('bytes 7-8/9')
    expect(await text(ranged.Body)).toBe('s3')
    expect(
      await refusal(
        s3.send(
          new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt', Range: 'bytes=99-' }),
        ),
      ),
    ).toEqual({ code: 'InvalidRange', status: 416 })
    expect(
      await refusal(
        s3.send(
          new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt', IfMatch: '"nope"' }),
        ),
      ),
    ).toEqual({ code: 'PreconditionFailed', status: 412 })
    expect(
      await refusal(
        s3.send(
          new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt', IfNoneMatch: put.ETag }),
        ),
      ),
    ).toMatchObject({ status: 304 })
    await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt' }))
    expect(
      await refusal(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'docs/hello.txt' }))),
    ).toEqual({ code: 'NoSuchKey', status: 404 })
    expect(bucket.objects.size).toBe(0)
  })

  it('streams a Readable body as aws-chunked with a CRC32 trailer, and refuses a wrong trailer', async () => {
    const chunks = [Buffer.alloc(70_000, 'a'), Buffer.alloc(5, 'b')]
    let seen: Headers | undefined
    const watching = s3Client(
      async (url, init) => {
        seen = new Headers(init?.headers)
        return app.fetch(url, init)
      },
      app.now,
      { endpoint: ENDPOINT },
    )
    await watching.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'streamed.bin',
        Body: Readable.from(chunks),
        ContentLength: 70_005,
      }),
    )
    expect(seen?.get('x-amz-content-sha256')).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER')
    expect(seen?.get('content-encoding')).toContain('aws-chunked')
    expect(seen?.get('x-amz-trailer')).toBe('x-amz-checksum-crc32')
    const stored = bucket.objects.get('tenant/streamed.bin')!
    expect(Buffer.from(stored.body).equals(Buffer.concat(chunks))).toBe(true)
    expect(stored.httpMetadata.contentEncoding).toBeUndefined()

    // The same framing with a trailer that does not match the bytes.
    const tampering = s3Client(
      async (url, init) => {
        const body = await new Response(init!.body).text()
        return app.fetch(url, {
          ...init,
          body: body.replace(/x-amz-checksum-crc32:[^\r]+/, 'x-amz-checksum-crc32:AAAAAA=='),
        })
      },
      app.now,
      { endpoint: ENDPOINT },
    )
    expect(
      await refusal(
        tampering.send(
          new PutObjectCommand({
            Bucket: 'media',
            Key: 'bad.bin',
            Body: Readable.from([Buffer.from('payload')]),
            ContentLength: 7,
          }),
        ),
      ),
    ).toEqual({ code: 'BadDigest', status: 400 })
    expect(bucket.objects.has('tenant/bad.bin')).toBe(false)
  })

  it('lists with prefix, delimiter, max-keys, continuation, start-after and url encoding', async () => {
    for (const key of ['a/1.txt', 'a/2.txt', 'b/x/1.txt', 'c.txt', 'd e.txt'])
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: key }))
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Delimiter: '/' }))
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/'])
    expect(top.Contents?.map((c) => c.Key)).toEqual(['c.txt', 'd e.txt'])
    expect(top.KeyCount).toBe(4)
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: 2 }))
    expect(first.Contents?.map((c) => c.Key)).toEqual(['a/1.txt', 'a/2.txt'])
    expect(first.IsTruncated).toBe(true)
    const next = await s3.send(
      new ListObjectsV2Command({ Bucket: 'media', ContinuationToken: first.NextContinuationToken }),
    )
    expect(next.Contents?.map((c) => c.Key)).toEqual(['b/x/1.txt', 'c.txt', 'd e.txt'])
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: 'media', StartAfter: 'b/x/1.txt', Prefix: '' }),
    )
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c.txt', 'd e.txt'])
    const prefixed = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'a/' }))
    expect(prefixed.Contents?.map((c) => [c.Key, c.Size])).toEqual([
      ['a/1.txt', 7],
      ['a/2.txt', 7],
    ])
    const encoded = await s3.send(
      new ListObjectsV2Command({ Bucket: 'media', Prefix: 'd', EncodingType: 'url' }),
    )
    expect(encoded.Contents?.map((c) => c.Key)).toEqual(['d%20e.txt'])
  })

  it('deletes several objects at once, quietly or not', async () => {
    for (const key of ['x/1', 'x/2', 'x/3'])
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: '.' }))
    const loud = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'media',
        Delete: { Objects: [{ Key: 'x/1' }, { Key: 'x/2' }] },
      }),
    )
    expect(loud.Deleted?.map((d) => d.Key)).toEqual(['x/1', 'x/2'])
    const quiet = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'media',
        Delete: { Objects: [{ Key: 'x/3' }], Quiet: true },
      }),
    )
    expect(quiet.Deleted ?? []).toEqual([])
    expect(bucket.objects.size).toBe(0)
  })

  it('lists parts a page at a time, replaced parts once, only for the upload and its key', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'paged.bin' }),
    )
    const empty = await s3.send(
      new ListPartsCommand({ Bucket: 'media', Key: 'paged.bin', UploadId }),
    )
    expect(empty.Parts ?? []).toEqual([])
    for (const PartNumber of [3, 1, 2, 10_000, 2])
      await s3.send(
        new UploadPartCommand({
          Bucket: 'media',
          Key: 'paged.bin',
          UploadId,
          PartNumber,
          Body: 'p'.repeat(PartNumber % 7),
        }),
      )
    const first = await s3.send(
      new ListPartsCommand({ Bucket: 'media', Key: 'paged.bin', UploadId, MaxParts: 2 }),
    )
    expect(first.Parts?.map((part) => part.PartNumber)).toEqual([1, 2])
    expect(first).toMatchObject({ IsTruncated: true, MaxParts: 2, NextPartNumberMarker: '2' })
    const rest = await s3.send(
      new ListPartsCommand({
        Bucket: 'media',
        Key: 'paged.bin',
        UploadId,
        MaxParts: 2,
        PartNumberMarker: first.NextPartNumberMarker,
      }),
    )
    expect(rest.Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([
      [3, 3],
      [10_000, 10_000 % 7],
    ])
    expect(rest.IsTruncated).toBe(false)
    // The upload id belongs to its key: another key, or an id never created, has no such upload.
    for (const [Key, id] of [
      ['other.bin', UploadId],
      ['paged.bin', 'no-such-upload'],
    ])
      expect(
        await refusal(s3.send(new ListPartsCommand({ Bucket: 'media', Key, UploadId: id }))),
      ).toEqual({ code: 'NoSuchUpload', status: 404 })
  })

  it('uploads in two parts, completes, and aborts another upload', async () => {
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: 'media',
        Key: 'big.bin',
        ContentType: 'video/mp4',
      }),
    )
    const uploadId = created.UploadId!
    const parts = [Buffer.alloc(1000, 1), Buffer.alloc(10, 2)]
    const etags: string[] = []
    for (const [index, body] of parts.entries()) {
      const part = await s3.send(
        new UploadPartCommand({
          Bucket: 'media',
          Key: 'big.bin',
          UploadId: uploadId,
          PartNumber: index + 1,
          Body: body,
        }),
      )
      etags.push(part.ETag!)
    }
    const listed = await s3.send(
      new ListPartsCommand({ Bucket: 'media', Key: 'big.bin', UploadId: uploadId }),
    )
    expect(listed).toMatchObject({
      Bucket: 'media',
      Key: 'big.bin',
      UploadId: uploadId,
      IsTruncated: false,
      StorageClass: 'STANDARD',
    })
    expect(listed.Parts?.map(({ PartNumber, ETag, Size }) => ({ PartNumber, ETag, Size }))).toEqual(
      [
        { PartNumber: 1, ETag: etags[0], Size: 1000 },
        { PartNumber: 2, ETag: etags[1], Size: 10 },
      ],
    )
    expect(listed.Parts?.[0]?.LastModified?.getTime()).toBe(app.now())
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'big.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    )
    expect(done.Key).toBe('big.bin')
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'big.bin' }))
    expect(got.ContentType).toBe('video/mp4')
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(
      true,
    )
    // A completed upload is no longer listed.
    expect(
      await refusal(
        s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'big.bin', UploadId: uploadId })),
      ),
    ).toEqual({ code: 'NoSuchUpload', status: 404 })
    const other = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'o' }))
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: 'media', Key: 'o', UploadId: other.UploadId }),
    )
    expect(
      await refusal(
        s3.send(new ListPartsCommand({ Bucket: 'media', Key: 'o', UploadId: other.UploadId })),
      ),
    ).toEqual({ code: 'NoSuchUpload', status: 404 })
    expect(
      await refusal(
        s3.send(
          new UploadPartCommand({
            Bucket: 'media',
            Key: 'o',
            UploadId: other.UploadId,
            PartNumber: 1,
            Body: 'x',
          }),
        ),
      ),
    ).toEqual({ code: 'NoSuchUpload', status: 404 })
    expect(
      await refusal(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: 'media',
            Key: 'o',
            UploadId: 'no-such-upload',
            MultipartUpload: { Parts: [{ ETag: '"x"', PartNumber: 1 }] },
          }),
        ),
      ),
    ).toEqual({ code: 'NoSuchUpload', status: 404 })
  })

  it('serves presigned GET and PUT URLs, and refuses one that has expired', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'p.txt', Body: 'presigned' }))
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: 'p.txt' }), {
      expiresIn: 60,
      signingDate: new Date(app.now()),
    })
    expect(getUrl).toContain('X-Amz-Signature=')
    const got = await app.fetch(getUrl)
    expect(got.status).toBe(200)
    expect(await got.text()).toBe('presigned')
    // The presigner signs a CRC32 of the (empty) body it was given, as S3 then checks: a URL for
    // any body is made with checksums off (requestChecksumCalculation WHEN_REQUIRED).
    const withCrc = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'media', Key: 'up.txt' }),
      { expiresIn: 60, signingDate: new Date(app.now()) },
    )
    // Over the network fetch sends Content-Length itself; in process it is given.
    const browserPut = {
      method: 'PUT',
      body: 'from a browser',
      headers: { 'content-length': '14' },
    }
    const refused = await app.fetch(withCrc, browserPut)
    expect(await refused.text()).toContain('<Code>BadDigest</Code>')
    const plain = s3Client(app.fetch, app.now, { endpoint: ENDPOINT })
    plain.config.requestChecksumCalculation = async () => 'WHEN_REQUIRED'
    const putUrl = await getSignedUrl(
      plain,
      new PutObjectCommand({ Bucket: 'media', Key: 'up.txt' }),
      { expiresIn: 60, signingDate: new Date(app.now()) },
    )
    expect(putUrl).not.toContain('x-amz-checksum')
    const put = await app.fetch(putUrl, browserPut)
    expect(put.status).toBe(200)
    expect(new TextDecoder().decode(bucket.objects.get('tenant/up.txt')!.body)).toBe(
      'from a browser',
    )
    app.advance(61_000)
    const late = await app.fetch(getUrl)
    expect(late.status).toBe(403)
    const body = await late.text()
    expect(body).toContain('<Code>AccessDenied</Code>')
    expect(body).toContain('Request has expired')
    expect(body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/)
  })

  it('refuses a tampered signature, a wrong secret, an unknown key and a skewed clock', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: 'k' }), {
      expiresIn: 60,
      signingDate: new Date(app.now()),
    })
    const tampered = url.replace(
      /X-Amz-Signature=(.)/,
      (_, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`,
    )
    expect(await (await app.fetch(tampered)).text()).toContain('<Code>SignatureDoesNotMatch</Code>')
    const wrongSecret = s3Client(app.fetch, app.now, {
      endpoint: ENDPOINT,
      credentials: { ...TEST_ADMIN_KEY, secretAccessKey: 'wrong' },
    })
    expect(
      await refusal(wrongSecret.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }))),
    ).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
    })
    const unknown = s3Client(app.fetch, app.now, {
      endpoint: ENDPOINT,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    })
    expect(
      await refusal(unknown.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }))),
    ).toEqual({
      code: 'InvalidAccessKeyId',
      status: 403,
    })
    const withToken = s3Client(app.fetch, app.now, {
      endpoint: ENDPOINT,
      credentials: { ...TEST_ADMIN_KEY, sessionToken: 'not-a-session' },
    })
    expect(
      await refusal(withToken.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' }))),
    ).toEqual({
      code: 'InvalidToken',
      status: 400,
    })
    const skewed = s3Client(app.fetch, () => app.now() - 16 * 60_000, { endpoint: ENDPOINT })
    expect(await refusal(skewed.send(new GetObjectCommand({ Bucket: 'media', Key: 'k' })))).toEqual(
      {
        code: 'RequestTimeTooSkewed',
        status: 403,
      },
    )
    const anonymous = await app.fetch(`${ENDPOINT}/media/k`)
    expect(anonymous.status).toBe(403)
    expect(anonymous.headers.get('content-type')).toBe('application/xml')
  })

  it('refuses a body that does not match its signed x-amz-content-sha256, and writes nothing', async () => {
    const tampering = s3Client(
      async (url, init) => app.fetch(url, { ...init, body: 'evil body' }),
      app.now,
      { endpoint: ENDPOINT },
    )
    expect(
      await refusal(
        tampering.send(new PutObjectCommand({ Bucket: 'media', Key: 'm.txt', Body: 'good body' })),
      ),
    ).toEqual({ code: 'XAmzContentSHA256Mismatch', status: 400 })
    expect(bucket.objects.size).toBe(0)
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'mp' }))
    expect(
      await refusal(
        tampering.send(
          new UploadPartCommand({
            Bucket: 'media',
            Key: 'mp',
            UploadId: created.UploadId,
            PartNumber: 1,
            Body: 'good body',
          }),
        ),
      ),
    ).toEqual({ code: 'XAmzContentSHA256Mismatch', status: 400 })
  })

  it('keeps every key inside the route: dot segments and encoded dots never leave the prefix', async () => {
    // The URL parser resolves `..` before the gateway sees it, so the signature no longer covers the path.
    expect(
      await refusal(
        s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a/../../x', Body: '1' })),
      ),
    ).toMatchObject({ status: 403 })
    // An encoded dot segment is refused as ambiguous before any route is chosen.
    const encoded = await refusal(
      s3.send(new PutObjectCommand({ Bucket: 'media', Key: '%2e%2e/x', Body: '1' })),
    )
    expect(encoded?.status).toBe(400)
    // Dots inside a segment are a literal key, stored under the route's prefix.
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a/..b/.c', Body: '1' }))
    expect([...bucket.objects.keys()]).toEqual(['tenant/a/..b/.c'])
    expect(
      await refusal(s3.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'x' }))),
    ).toEqual({ code: 'NoSuchBucket', status: 404 })
  })

  it('answers operations it does not serve with 501 and wrong methods with 405, never a 500', async () => {
    for (const command of [
      new GetObjectAclCommand({ Bucket: 'media', Key: 'k' }),
      new CopyObjectCommand({ Bucket: 'media', Key: 'k', CopySource: 'media/j' }),
      new ListObjectsCommand({ Bucket: 'media' }),
      new CreateBucketCommand({ Bucket: 'media' }),
    ])
      expect(await refusal(s3.send(command as never))).toEqual({
        code: 'NotImplemented',
        status: 501,
      })
    const signer = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      sha256: NodeSha256,
      uriEscapePath: false,
      credentials: TEST_ADMIN_KEY,
    })
    const signed = await signer.sign(
      {
        method: 'PATCH',
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path: '/s3/media/k',
        headers: { host: 'localhost:8787', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: new Date(app.now()) },
    )
    const patch = await app.fetch(`${ENDPOINT}/media/k`, {
      method: 'PATCH',
      headers: signed.headers as Record<string, string>,
    })
    expect(patch.status).toBe(405)
    expect(await patch.text()).toContain('<Code>MethodNotAllowed</Code>')
    const acl = await app.fetch(
      await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: 'k' }), {
        signingDate: new Date(app.now()),
      }).then((u) => u.replace('x-id=GetObject', 'acl=')),
    )
    // The query changed under the signature: refused before anything else.
    expect(acl.status).toBe(403)
  })
})

describe('the S3 front asks the injected policy', () => {
  it('answers AccessDenied when authorize() refuses, and DeleteObjects per key', async () => {
    let now = () => 0
    const memory = new MemoryR2Bucket(() => now())
    const config = parseGatewayConfig(JSON.stringify(ROUTES))
    const route = config.routes[0]!
    const admin = adminAuthorization(
      new Map([[TEST_ADMIN_KEY.accessKeyId, TEST_ADMIN_KEY.secretAccessKey]]),
      'us-east-1',
    )
    const asked: unknown[] = []
    const authorize: Authorize = async (_caller, request) => {
      asked.push(request)
      return request.resource.endsWith('/secret.txt') || request.action === 's3:ListBucket'
        ? { allowed: false, message: 'not for you' }
        : { allowed: true }
    }
    const clock = { now: Date.UTC(2026, 0, 1, 12) }
    now = () => clock.now
    const uploads = memoryStores(now)
    const client = s3Client(
      async (url, init) =>
        serveS3(
          new Request(url, init),
          route,
          { ...admin, authorize },
          { MEDIA: memory },
          clock.now,
          uploads.uploads,
        ),
      () => clock.now,
      { endpoint: ENDPOINT },
    )
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'open.txt', Body: 'o' }))
    expect(
      await refusal(
        client.send(new PutObjectCommand({ Bucket: 'media', Key: 'secret.txt', Body: 's' })),
      ),
    ).toEqual({ code: 'AccessDenied', status: 403 })
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'open.txt' }),
    )
    await client.send(new ListPartsCommand({ Bucket: 'media', Key: 'open.txt', UploadId }))
    expect(asked.at(-1)).toMatchObject({
      action: 's3:ListMultipartUploadParts',
      resource: 'arn:aws:s3:::media/open.txt',
    })
    expect(
      await refusal(
        client.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'o', Delimiter: '/' })),
      ),
    ).toEqual({ code: 'AccessDenied', status: 403 })
    expect(asked.at(-1)).toMatchObject({
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::media',
      context: {
        's3:prefix': 'o',
        's3:delimiter': '/',
        'aws:SecureTransport': 'false',
        'aws:CurrentTime': '2026-01-01T12:00:00Z',
        'aws:EpochTime': String(clock.now / 1000),
      },
    })
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: 'media',
        Delete: { Objects: [{ Key: 'open.txt' }, { Key: 'secret.txt' }] },
      }),
    )
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['open.txt'])
    expect(result.Errors).toEqual([
      { Key: 'secret.txt', Code: 'AccessDenied', Message: 'not for you' },
    ])
    expect(
      asked.filter((r) => (r as { action: string }).action === 's3:DeleteObject'),
    ).toHaveLength(2)
  })
})
