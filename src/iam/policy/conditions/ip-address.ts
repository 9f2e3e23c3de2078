/** An IP address as a number, with its family's width in bits. */
export interface IpAddress {
  readonly bits: 32 | 128
  readonly value: bigint
}

/** A CIDR block: an address and how many leading bits must match. */
export interface IpRange {
  readonly address: IpAddress
  readonly prefix: number
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n)
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return []
  const groups: bigint[] = []
  const parts = text.split(':')
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
      const ipv4 = parseIpv4(part)
      if (ipv4 === undefined) return undefined
      groups.push(ipv4 >> 16n, ipv4 & 0xffffn)
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) groups.push(BigInt(`0x${part}`))
    else return undefined
  }
  return groups
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0]!)
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail]
  return groups.reduce((value, group) => (value << 16n) | group, 0n)
}

/** Parses an IPv4 or IPv6 address (IPv6 may be compressed with `::` or end in IPv4). */
export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim()
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed)
    return value === undefined ? undefined : { bits: 128, value }
  }
  const value = parseIpv4(trimmed)
  return value === undefined ? undefined : { bits: 32, value }
}

/** Parses CIDR notation; a bare address is a block of one (/32 or /128). */
export function parseIpRange(text: string): IpRange | undefined {
  const [host, length, extra] = text.trim().split('/')
  if (extra !== undefined || host === undefined) return undefined
  const address = parseIpAddress(host)
  if (!address) return undefined
  if (length === undefined) return { address, prefix: address.bits }
  if (!/^\d{1,3}$/.test(length)) return undefined
  const prefix = Number(length)
  return prefix > address.bits ? undefined : { address, prefix }
}

/** Whether an address lies in a block; an IPv4 address is never in an IPv6 block, nor back. */
export function inRange(address: IpAddress, range: IpRange): boolean {
  if (address.bits !== range.address.bits) return false
  const shift = BigInt(address.bits - range.prefix)
  return address.value >> shift === range.address.value >> shift
}
