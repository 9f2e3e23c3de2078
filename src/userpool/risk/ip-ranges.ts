/**
 * IPv4 and IPv6 addresses and CIDR ranges (RiskExceptionConfiguration's blocked and skipped
 * lists), compared as 128-bit numbers: an IPv4 address is its IPv4-mapped IPv6 form, so
 * `10.0.0.0/8` and `::ffff:10.0.0.0/104` are the same range.
 */

/** A parsed range: the first address and the prefix length, both over 128 bits. */
export interface IpRange {
  base: bigint
  prefix: number
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

function parseV4(text: string): bigint | null {
  const match = V4.exec(text)
  if (!match) return null
  let value = 0n
  for (const part of match.slice(1)) {
    const octet = Number(part)
    if (octet > 255 || (part.length > 1 && part.startsWith('0'))) return null
    value = (value << 8n) | BigInt(octet)
  }
  return value
}

function parseV6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return null
  let groups: string[]
  const [head = '', tail] = text.split('::')
  const headParts = head === '' ? [] : head.split(':')
  const tailParts = tail === undefined ? [] : tail === '' ? [] : tail.split(':')
  // A trailing dotted quad stands for the last two groups.
  const last = (tail === undefined ? headParts : tailParts).at(-1)
  let v4Tail: bigint | null = null
  if (last?.includes('.')) {
    v4Tail = parseV4(last)
    if (v4Tail === null) return null
    ;(tail === undefined ? headParts : tailParts).pop()
  }
  const wanted = v4Tail === null ? 8 : 6
  if (tail === undefined) {
    if (headParts.length !== wanted) return null
    groups = headParts
  } else {
    const missing = wanted - headParts.length - tailParts.length
    if (missing < 1) return null
    groups = [...headParts, ...Array<string>(missing).fill('0'), ...tailParts]
  }
  let value = 0n
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null
    value = (value << 16n) | BigInt(Number.parseInt(group, 16))
  }
  if (v4Tail !== null) value = (value << 32n) | v4Tail
  return value
}

const MAPPED_V4 = 0xffffn << 32n

/** An address as a 128-bit number (IPv4 as IPv4-mapped IPv6), or null when it is not one. */
export function parseIpAddress(text: string): bigint | null {
  const v4 = parseV4(text)
  if (v4 !== null) return MAPPED_V4 | v4
  return parseV6(text)
}

/** A CIDR range (`192.0.2.0/24`, `2001:db8::/32`; a bare address is a /32 or /128), or null. */
export function parseIpRange(text: string): IpRange | null {
  const [address = '', length, extra] = text.split('/')
  if (extra !== undefined) return null
  const isV4 = parseV4(address) !== null
  const value = parseIpAddress(address)
  if (value === null) return null
  const max = isV4 ? 32 : 128
  if (length !== undefined && !/^\d{1,3}$/.test(length)) return null
  const bits = length === undefined ? max : Number(length)
  if (bits > max) return null
  const prefix = isV4 ? bits + 96 : bits
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix)
  return { base: value & mask, prefix }
}

/** Whether `address` (already parsed) falls in `range`. */
export function inRange(address: bigint, range: IpRange): boolean {
  const shift = BigInt(128 - range.prefix)
  return address >> shift === range.base >> shift
}

/** Whether the address text falls in any of the CIDR ranges given (unparsable entries match nothing). */
export function inAnyRange(
  address: string | undefined,
  ranges: readonly string[] | undefined,
): boolean {
  if (!address || !ranges?.length) return false
  const parsed = parseIpAddress(address)
  if (parsed === null) return false
  return ranges.some((text) => {
    const range = parseIpRange(text)
    return range !== null && inRange(parsed, range)
  })
}
