import type { Sealer } from '../crypto/aead'
import type { PasswordHasher } from '../crypto/password-hash'
import type { SigningKeyPair } from '../crypto/signing-keys'
import type { MessageSender } from '../messaging/sender'
import type { BreachCorpus } from '../security/breach-corpus'
import type { SignInLimits } from '../security/sign-in-limits'
import type { Stores } from '../storage/record-store'
import type { SocialEndpoints } from './identity-providers/social/endpoints'
import type { FunctionInvoker } from './triggers/invoker'

/** What user-pool domain functions need from the outside world; built once per isolate. */
export interface UserPoolServices {
  stores: Stores
  sealer: Sealer
  hasher: PasswordHasher
  limits: SignInLimits
  messages: MessageSender
  /** e.g. us-east-1: pool ids, ARNs. */
  region: string
  /** Directory partitions given to a pool at creation. */
  defaultPartitions: number
  /** Makes a new RS256 signing key pair (a pool gets two at creation). */
  newSigningKey(): Promise<SigningKeyPair>
  /** Reaches the functions a pool's LambdaConfig names. */
  functions: FunctionInvoker
  /** How long one attempt at a trigger may take (Cognito's 5 s; unit tests shorten it). */
  triggerBudgetMs?: number
  /**
   * Lets work go on after the API has answered, as Cognito's asynchronous invocations do (the
   * custom senders). The Worker hands it to `waitUntil`; the work must catch its own failures.
   */
  afterAnswer(work: Promise<void>): void
  /** A breach corpus's range API beside the shipped list of breached passwords (off unless configured). */
  breachCorpus?: BreachCorpus
  /** Where Google, Apple, Facebook and Login with Amazon are (absent: the public providers). */
  socialEndpoints?: SocialEndpoints
  /** Epoch milliseconds. */
  now(): number
}

export const epochSeconds = (services: Pick<UserPoolServices, 'now'>): number =>
  Math.floor(services.now() / 1000)
