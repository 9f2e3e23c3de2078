import { Arn, UserPoolId } from '../../validation/cognito-shapes'
import { enumeration, list, string, structure } from '../../validation/shape'

const S3Arn = string({
  min: 3,
  max: 1024,
  pattern: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:::[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
})

/** LogConfigurationListType. */
export const LogConfigurations = list(
  structure(
    {
      LogLevel: enumeration(['ERROR', 'INFO']),
      EventSource: enumeration(['userNotification', 'userAuthEvents']),
      CloudWatchLogsConfiguration: structure({ LogGroupArn: Arn }),
      S3Configuration: structure({ BucketArn: S3Arn }),
      FirehoseConfiguration: structure({ StreamArn: Arn }),
    },
    ['LogLevel', 'EventSource'],
  ),
  { max: 2 },
)

export { UserPoolId }
