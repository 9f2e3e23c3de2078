import { enumeration, list, map, string, structure } from '../api/validation/shape'
import { PLATFORMS } from '../sync/devices/devices'

/** The cognito-sync model's shapes of the pool settings and devices, with its lengths and patterns. */

const AssumeRoleArn = string({ min: 20, max: 2048, pattern: 'arn:aws:iam::\\d+:role/.*' })
const ApplicationArn = string({
  pattern: 'arn:aws:sns:[-0-9a-z]+:\\d+:app/[A-Z_]+/[a-zA-Z0-9_.-]+',
})

export const PushSync = structure({ ApplicationArns: list(ApplicationArn), RoleArn: AssumeRoleArn })

export const CognitoStreams = structure({
  StreamName: string({ min: 1, max: 128 }),
  RoleArn: AssumeRoleArn,
  StreamingStatus: enumeration(['ENABLED', 'DISABLED']),
})

/** `Events`: CognitoEventType → LambdaFunctionArn, one entry at most. */
export const Events = map(string(), { max: 1 })

export const Platform = enumeration(PLATFORMS)
export const PushToken = string()
export const DeviceId = string({ min: 1, max: 256 })
