import type { Sealer } from '../crypto/aead'
import type { RecordStore } from '../storage/record-store'
import type { GatewayConfig, GatewayConfigError } from './config'
import type { Fetcher } from './jwks-cache'

/** What the gateway needs from the Worker around it. */
export interface GatewayContext {
  config: GatewayConfig | GatewayConfigError
  /** Origin of this Worker (issuer origin of its own pools). */
  selfOrigin: string
  /** An in-process request to this Worker's own routes (discovery, JWKS, token endpoint of its pools). */
  selfFetch: Fetcher
  registry: RecordStore
  sealer: Sealer
  now: number
}
