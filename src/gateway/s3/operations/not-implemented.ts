import { NotImplemented } from '../../../errors/s3'
import type { Permission, S3Operation } from '../context'

/**
 * An S3 operation this front recognises but does not serve: 501 NotImplemented, after the caller
 * is authenticated and allowed the action (so a 501 tells nobody more than a 403 would).
 */
export const notImplemented = (
  name: string,
  permission: S3Operation['permission'] = () => undefined,
  why = `${name} is not implemented by this S3 front.`,
): S3Operation => ({
  name,
  permission: (context): Permission | undefined => permission(context),
  run: async () => {
    throw new NotImplemented(why)
  },
})
