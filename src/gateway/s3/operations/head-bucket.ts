import { bucketArn, type S3Operation } from '../context'

/** HeadBucket: the bucket exists (the route names it) and the caller may list it. */
export const headBucket: S3Operation = {
  name: 'HeadBucket',
  permission: (context) => ({ action: 's3:ListBucket', resource: bucketArn(context) }),
  run: async () => new Response(null, { status: 200 }),
}
