import { InvalidRange, NoSuchKey, PreconditionFailed } from '../../../errors/s3'
import { readObject } from '../../r2-read'
import { objectArn, r2Key, type S3Context, type S3Operation } from '../context'
import { applyResponseOverrides, writeUserMetadata } from '../metadata'

/** GetObject and HeadObject: the R2 origin's reading (ranges, conditionals), S3's errors. */
async function read(context: S3Context): Promise<Response> {
  const outcome = await readObject(context.bucket, r2Key(context), context.request)
  switch (outcome.kind) {
    case 'not-found':
      throw new NoSuchKey()
    case 'unsatisfiable':
      throw new InvalidRange()
    case 'precondition':
      if (outcome.status === 412) throw new PreconditionFailed()
      return new Response(null, { status: 304, headers: outcome.headers })
    case 'object': {
      writeUserMetadata(outcome.object, outcome.headers)
      applyResponseOverrides(context.url.searchParams, outcome.headers)
      return new Response(outcome.body, { status: outcome.status, headers: outcome.headers })
    }
  }
}

export const getObject: S3Operation = {
  name: 'GetObject',
  permission: (context) => ({ action: 's3:GetObject', resource: objectArn(context) }),
  run: read,
}

export const headObject: S3Operation = {
  name: 'HeadObject',
  // HeadObject is authorised as GetObject, as in AWS.
  permission: (context) => ({ action: 's3:GetObject', resource: objectArn(context) }),
  run: read,
}
