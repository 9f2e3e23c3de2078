import type { Stores } from '../storage/record-store'

/** What IAM domain functions need from the outside world (the user-pool services have it all). */
export interface IamServices {
  stores: Stores
  /** Epoch milliseconds. */
  now(): number
}
