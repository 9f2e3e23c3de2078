import { objectArn, r2Key, type S3Operation } from '../context'

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export const deleteObject: S3Operation = {
  name: 'DeleteObject',
  permission: (context) => ({ action: 's3:DeleteObject', resource: objectArn(context) }),
  async run(context) {
    await context.bucket.delete(r2Key(context))
    return new Response(null, { status: 204 })
  },
}
