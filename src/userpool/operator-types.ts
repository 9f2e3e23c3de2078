/** Records of what operators configure: user import jobs, managed-login styles, terms, log delivery. */

/** UserImportJobType's Status, as the model enumerates it. */
export type ImportJobStatus =
  | 'Created'
  | 'Pending'
  | 'InProgress'
  | 'Stopping'
  | 'Expired'
  | 'Stopped'
  | 'Failed'
  | 'Succeeded'

/** PasswordHashingAlgorithmType. */
export type PasswordHashingAlgorithm = 'BCRYPT' | 'SCRYPT' | 'ARGON2ID' | 'PBKDF2_SHA256'

/** The file an upload left: its header line and how many chunks and rows follow it. */
export interface UploadedFile {
  header: string[]
  chunks: number
  rows: number
  bytes: number
}

/** A user import job as stored in the pool (times in epoch ms). */
export interface ImportJob {
  JobId: string
  JobName: string
  UserPoolId: string
  CloudWatchLogsRoleArn: string
  PasswordHashingAlgorithm?: PasswordHashingAlgorithm
  status: ImportJobStatus
  createdAt: number
  startedAt?: number
  completedAt?: number
  /** When the upload URL stops working (15 minutes after creation, as in Cognito). */
  uploadExpiresAt: number
  upload?: UploadedFile
  imported: number
  skipped: number
  failed: number
  completionMessage?: string
  /** The next chunk of the file to import. */
  nextChunk: number
  /** Until when a run holds the job (epoch ms); a run that died lets the lease lapse. */
  leaseUntil?: number
}

/** AssetType, with its bytes as base64. */
export interface BrandingAsset {
  Category: string
  ColorMode: string
  Extension: string
  /** Base64 of the file. */
  Bytes?: string
  ResourceId?: string
}

/** A managed-login style (ManagedLoginBrandingType), kept as given (epoch seconds). */
export interface ManagedLoginBranding {
  ManagedLoginBrandingId: string
  UserPoolId: string
  ClientId: string
  UseCognitoProvidedValues: boolean
  Settings?: Record<string, unknown>
  Assets: BrandingAsset[]
  CreationDate: number
  LastModifiedDate: number
}

/** TermsType as stored (epoch seconds). */
export interface Terms {
  TermsId: string
  UserPoolId: string
  ClientId: string
  TermsName: 'terms-of-use' | 'privacy-policy'
  TermsSource: 'LINK'
  Enforcement: 'NONE'
  /** Language (`cognito:english`, `cognito:default`, …) to the document's URL. */
  Links: Record<string, string>
  CreationDate: number
  LastModifiedDate: number
}

/** LogConfigurationType. */
export interface LogConfiguration {
  LogLevel: 'ERROR' | 'INFO'
  EventSource: 'userNotification' | 'userAuthEvents'
  CloudWatchLogsConfiguration?: { LogGroupArn?: string }
  S3Configuration?: { BucketArn?: string }
  FirehoseConfiguration?: { StreamArn?: string }
}

/** LogDeliveryConfigurationType. */
export interface LogDeliveryConfiguration {
  UserPoolId: string
  LogConfigurations: LogConfiguration[]
}
