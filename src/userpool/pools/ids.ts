import { randomString } from '../../crypto/random'

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `us-east-1_AbC123xyZ`: region, underscore, nine alphanumerics, as Cognito shapes them. */
export const newPoolId = (region: string): string => `${region}_${randomString(9, ALPHANUMERIC)}`

/** 26 lowercase alphanumerics, as Cognito's app client ids. */
export const newClientId = (): string => randomString(26, 'abcdefghijklmnopqrstuvwxyz0123456789')

/** 51 characters of base36, as Cognito's generated client secrets. */
export const newClientSecret = (): string =>
  randomString(51, 'abcdefghijklmnopqrstuvwxyz0123456789')

export const poolArn = (region: string, poolId: string): string =>
  `arn:aws:cognito-idp:${region}:000000000000:userpool/${poolId}`
