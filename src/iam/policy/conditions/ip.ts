import { patternText } from '../wildcard'
import type { Comparator } from './model'
import { inRange, parseIpAddress, parseIpRange } from './ip-address'

/** IpAddress / NotIpAddress: the request's address (e.g. `aws:SourceIp`) in a CIDR block. */
export const ipAddress: Comparator = {
  accepts: (literal) => parseIpRange(literal) !== undefined,
  prepare(raw, resolve) {
    const pattern = resolve(raw)
    if (!pattern) return undefined
    const range = parseIpRange(patternText(pattern))
    return (requestValue) => {
      const address = parseIpAddress(requestValue)
      return range !== undefined && address !== undefined && inRange(address, range)
    }
  },
}
