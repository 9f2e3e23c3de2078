import type { Sealer } from '../crypto/aead'
import type { AwsAuthorization } from './aws-iam'
import type { GatewayConfig, GatewayConfigError } from './config'
import type { Fetcher } from '../oidc/discovery'
import type { RecordStore } from '../storage/record-store'
import type { SessionStore } from './session-store'
import type { GatewaySigner } from './signer'

/** What the gateway needs from the Worker around it. */
export interface GatewayContext {
  config: GatewayConfig | GatewayConfigError
  /** Origin of this Worker's identity provider (the auth host; issuer origin of its own pools). */
  selfOrigin: string
  /** An in-process request to this Worker's own routes (discovery, JWKS, token endpoint of its pools). */
  selfFetch: Fetcher
  /** Signs `x-amzn-oidc-data`: a key kept in a Durable Object on Workers, from the bundle at the edge. */
  signer: () => Promise<GatewaySigner>
  /** Seals the sign-in flow cookie (and, where sessions travel in cookies, the session). */
  sealer: Sealer
  /** Where browser sessions are kept. */
  sessions: SessionStore
  now: number
  /** Who may call `aws_iam` routes (S3 fronts, execute-api routes): keys and policy. Absent where none are served. */
  aws?: AwsAuthorization
  /** The S3 fronts' record of multipart uploads, per R2 bucket binding. Absent where none are served. */
  uploads?: (bucketBinding: string) => RecordStore
}
