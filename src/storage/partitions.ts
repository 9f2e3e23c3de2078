/**
 * The partition a key lives in, among `partitions` stores: FNV-1a over the key, a stable and
 * fast spread (not a security boundary). Every partitioned store (user directories, identity
 * directories) places keys with this one function.
 */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % partitions
}
