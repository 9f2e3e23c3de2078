/**
 * The storage contract every backend meets. Keys are strings, values are JSON-serialisable.
 *
 * Consistency guarantees (both the Durable Object and the in-memory backend; the conformance suite
 * in `test/storage-conformance.ts` holds them to it):
 * - one store is linearizable: a `commit` is atomic and isolated, and a read after a successful
 *   commit sees it;
 * - `commit` checks every `expect` before applying any write; one failed check applies nothing;
 * - every write bumps the record's version; a version is never reused for a key while it exists;
 * - a record whose `expiresAt` (epoch ms) has passed is absent to every read and check;
 * - `list` returns keys in ascending byte order, starting after `after`;
 * - `prune` changes nothing any read or check can see.
 * Nothing is guaranteed across two stores: callers order cross-store writes so that a crash leaves
 * at worst an orphan that a later write repairs.
 */
export interface RecordStore {
  get<T>(key: string): Promise<StoredRecord<T> | null>
  getMany<T>(keys: string[]): Promise<Array<StoredRecord<T> | null>>
  list<T>(prefix: string, options?: ListOptions): Promise<ListPage<T>>
  commit(transaction: Transaction): Promise<CommitResult>
  /** How many live records have keys starting with `prefix` (tombstones and expired records are not). */
  count(prefix: string): Promise<number>
  /**
   * Forgets tombstones and expired records for good, so storage does not grow with every deleted or
   * lapsed key. Versions stay monotonic: a key created afterwards starts above every version the
   * store ever gave, so a stale expectation still cannot match. Returns how many rows went.
   */
  prune(): Promise<number>
}

export interface StoredRecord<T> {
  key: string
  value: T
  /** Starts at 1 on creation and grows by one with every write. */
  version: number
}

export interface ListOptions {
  /** Exclusive lower bound: a key returned by a previous page. */
  after?: string
  limit?: number
}

export interface ListPage<T> {
  records: Array<StoredRecord<T>>
  /** Present when more records may follow; pass it as `after`. */
  next?: string
}

/** `version: 0` means "must not exist". */
export interface Expectation {
  key: string
  version: number
}

export interface Put {
  key: string
  value: unknown
  expiresAt?: number
}

export interface Transaction {
  expect?: Expectation[]
  put?: Put[]
  delete?: string[]
}

export type CommitResult =
  | { ok: true; versions: Record<string, number> }
  | { ok: false; conflict: string }

/** The stores Portcullis keeps, named by what they hold. */
export interface Stores {
  /** The list of pools (ids and names), for ListUserPools. */
  registry(): RecordStore
  /** Per pool: configuration, clients, groups, signing keys. */
  pool(poolId: string): RecordStore
  /** Per pool and partition: users, aliases, memberships, tokens, codes. */
  directory(poolId: string, partition: number): RecordStore
  /**
   * Per pool: the development outbox (messages as sent, when it is switched on). A store of its
   * own, so that message bursts never queue behind the pool's configuration reads.
   */
  outbox(poolId: string): RecordStore
  /** Per identity pool: configuration and tags. */
  identityPool(identityPoolId: string): RecordStore
  /**
   * Per identity pool and partition: identities and the login index; `identityPoolId` may also
   * name a store that is not one pool's (the identity-id index, which spans pools).
   */
  identities(identityPoolId: string, partition: number): RecordStore
  /** The account's IAM roles, inline and managed policies and their attachments. */
  iam(): RecordStore
  /**
   * Per identity (its id names the store, which spans no pool): its sync datasets and records,
   * and its devices' dataset subscriptions. One object per identity, so every sync of one identity
   * is serialised there, and its push sockets can live beside its data.
   */
  syncData(identityId: string): RecordStore
  /**
   * Per R2 bucket binding of an S3 front: its multipart uploads in progress and their parts,
   * which R2's Worker API cannot list (ListParts reads them here).
   */
  uploads(bucketBinding: string): RecordStore
  /**
   * Per user pool: the CSV files of its user import jobs (in chunks of whole lines) and each job's
   * per-line results. A store of its own, so a 100 MB upload never lands in the pool's configuration.
   */
  userImports(poolId: string): RecordStore
}

/** Largest page any `list` returns, whatever the caller asks. */
export const MAX_LIST_LIMIT = 1000
