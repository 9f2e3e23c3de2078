/** Incremental CRC-32 (IEEE, the `CRC32` of S3 checksums) and CRC-32C (Castagnoli, `CRC32C`). */

const tableOf = (polynomial: number): Uint32Array => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
}

const TABLES = { crc32: tableOf(0xedb88320), crc32c: tableOf(0x82f63b78) }

export type CrcAlgorithm = keyof typeof TABLES

/** A running CRC: `update` with each chunk, then `digest` as S3 sends it (4 bytes, base64). */
export class Crc {
  private value = 0xffffffff
  private readonly table: Uint32Array
  constructor(algorithm: CrcAlgorithm) {
    this.table = TABLES[algorithm]
  }
  update(bytes: Uint8Array): void {
    let c = this.value
    for (let i = 0; i < bytes.length; i++) c = this.table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
    this.value = c
  }
  digest(): string {
    const v = (this.value ^ 0xffffffff) >>> 0
    return btoa(String.fromCharCode(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff))
  }
}
