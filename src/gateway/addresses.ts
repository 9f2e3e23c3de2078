/**
 * IP addresses and CIDR ranges (IPv4 and IPv6), for deciding whether a request comes from a
 * configured trusted proxy. Addresses are compared as numbers, so every spelling of one address
 * (`::ffff:127.0.0.1`, `0:0:0:0:0:0:0:1`) matches the same ranges.
 */
export interface AddressRange {
  /** 4 for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address is treated as its IPv4 address). */
  bytes: 4 | 16
  value: bigint
  prefix: number
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255))
    return undefined
  return parts.reduce((sum, part) => (sum << 8n) | BigInt(part), 0n)
}

function ipv6(text: string): bigint | undefined {
  let body = text
  let tail: bigint | undefined
  const lastColon = body.lastIndexOf(':')
  if (body.includes('.') && lastColon >= 0) {
    // A trailing dotted quad (::ffff:1.2.3.4) is the last 32 bits.
    tail = ipv4(body.slice(lastColon + 1))
    if (tail === undefined) return undefined
    body = `${body.slice(0, lastColon)}:0:0`
  }
  const halves = body.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string) => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0]!)
  const rest = halves.length === 2 ? groups(halves[1]!) : []
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]
  if (!all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined
  let value = all.reduce((sum, group) => (sum << 16n) | BigInt(`0x${group}`), 0n)
  if (tail !== undefined) value = (value & ~0xffffffffn) | tail
  return value
}

/** An address as a number and its family, IPv4-mapped IPv6 folded to IPv4; undefined if not one. */
export function parseAddress(text: string): { bytes: 4 | 16; value: bigint } | undefined {
  const bare = text.trim().replace(/^\[|\]$/g, '')
  const v4 = ipv4(bare)
  if (v4 !== undefined) return { bytes: 4, value: v4 }
  const v6 = ipv6(bare)
  if (v6 === undefined) return undefined
  if (v6 >> 32n === 0xffffn) return { bytes: 4, value: v6 & 0xffffffffn }
  return { bytes: 16, value: v6 }
}

/** A range from `address` or `address/prefix`; a string result says what is wrong with it. */
export function parseRange(text: string): AddressRange | string {
  const [address = '', prefixText, extra] = text.split('/')
  if (extra !== undefined) return `${text} is not an address or a CIDR range`
  const parsed = parseAddress(address)
  if (!parsed) return `${text} is not an IPv4 or IPv6 address`
  const bits = parsed.bytes * 8
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (!/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits)
    return `${text} has a bad prefix length`
  return { ...parsed, prefix }
}

/** Whether `address` is inside `range`. */
export function inRange(range: AddressRange, address: { bytes: 4 | 16; value: bigint }): boolean {
  if (range.bytes !== address.bytes) return false
  const shift = BigInt(range.bytes * 8 - range.prefix)
  return range.value >> shift === address.value >> shift
}
