import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures', 'origins')
const MIB = 1024 * 1024

/** The S3 front on a real Worker with a local R2 bucket, driven over the network by the S3 client. */
describe('S3 front over R2 (real worker, unmodified S3 client)', () => {
  let worker: RunningWorker
  let s3: S3Client

  beforeAll(async () => {
    const config = {
      routes: [
        { path: '/s3/*', origin: 's3:MEDIA/s3/', bucket: 'media', authorization: 'aws_iam' },
      ],
    }
    worker = await startWorker({
      vars: { GATEWAY_CONFIG: JSON.stringify(config) },
      configs: [join(FIXTURE, 'wrangler.toml'), join(FIXTURE, 'backend', 'wrangler.toml')],
    })
    s3 = new S3Client({
      endpoint: `${worker.appEndpoint}/s3`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      maxAttempts: 1,
    })
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('streams a PUT (aws-chunked with a CRC32 trailer) and reads it back', async () => {
    const data = randomBytes(300_000)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'streamed/one.bin',
        Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        ContentLength: data.length,
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'streamed/one.bin' }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true)
    const ranged = await s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: 'streamed/one.bin', Range: 'bytes=0-9' }),
    )
    expect(
      Buffer.from(await ranged.Body!.transformToByteArray()).equals(data.subarray(0, 10)),
    ).toBe(true)
  })

  it('uploads in two 5 MiB parts, listing them before completing', async () => {
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'mp.bin' }),
    )
    const parts = [randomBytes(5 * MIB), randomBytes(MIB)]
    const etags: string[] = []
    for (const [i, body] of parts.entries())
      etags.push(
        (
          await s3.send(
            new UploadPartCommand({
              Bucket: 'media',
              Key: 'mp.bin',
              UploadId: created.UploadId,
              PartNumber: i + 1,
              Body: body,
            }),
          )
        ).ETag!,
      )
    const listed = await s3.send(
      new ListPartsCommand({ Bucket: 'media', Key: 'mp.bin', UploadId: created.UploadId }),
    )
    expect(listed.Parts?.map((part) => [part.PartNumber, part.ETag, part.Size])).toEqual([
      [1, etags[0], 5 * MIB],
      [2, etags[1], MIB],
    ])
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: 'mp.bin',
        UploadId: created.UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'mp.bin' }))
    expect(got.ContentLength).toBe(6 * MIB)
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(
      true,
    )
  })

  it('serves presigned GET and PUT URLs to plain fetch', async () => {
    // A URL for any body is signed without a checksum of the (empty) body the presigner is given.
    const plain = new S3Client({
      endpoint: `${worker.appEndpoint}/s3`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    })
    const putUrl = await getSignedUrl(
      plain,
      new PutObjectCommand({ Bucket: 'media', Key: 'presigned.txt' }),
      { expiresIn: 60 },
    )
    expect((await fetch(putUrl, { method: 'PUT', body: 'via fetch' })).status).toBe(200)
    const getUrl = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'media', Key: 'presigned.txt' }),
      { expiresIn: 60 },
    )
    const got = await fetch(getUrl)
    expect(await got.text()).toBe('via fetch')
    const tampered = await fetch(getUrl.replace('presigned.txt', 'other.txt'))
    expect(tampered.status).toBe(403)
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  it('lists with a delimiter', async () => {
    for (const key of ['dir/a.txt', 'dir/sub/b.txt', 'top.txt'])
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: `list/${key}`, Body: key }))
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'media', Prefix: 'list/', Delimiter: '/' }),
    )
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['list/top.txt'])
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/dir/'])
    const deeper = await s3.send(
      new ListObjectsV2Command({ Bucket: 'media', Prefix: 'list/dir/', Delimiter: '/' }),
    )
    expect(deeper.Contents?.map((c) => c.Key)).toEqual(['list/dir/a.txt'])
    expect(deeper.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/dir/sub/'])
  })
})
