import { describe, expect, it } from 'vitest'
import { requestSignals } from '../../../src/http/request-signals'
import { inAnyRange, parseIpRange } from '../../../src/userpool/risk/ip-ranges'
import { decodeEncodedData, withUserContextData } from '../../../src/userpool/risk/signals'

const withCf = (cf: unknown, headers: Record<string, string> = {}) => {
  const request = new Request('https://auth.example/', { method: 'POST', headers })
  Object.defineProperty(request, 'cf', { value: cf })
  return request
}

/** Cognito's EncodedData envelope, as the collector script makes it. */
const envelope = (contextData: Record<string, unknown>) =>
  btoa(
    JSON.stringify({
      payload: JSON.stringify({ contextData, username: 'ana', userPoolId: 'p', timestamp: '1' }),
      signature: 'unverifiable',
      version: 'JS20171115',
    }),
  )

describe('request signals', () => {
  it('reads request.cf and the edge address, and nothing the client writes', () => {
    const signals = requestSignals(
      withCf(
        {
          country: 'FR',
          city: 'Paris',
          asn: 3215,
          latitude: '48.86',
          longitude: '2.35',
          timezone: 'Europe/Paris',
          botManagement: { score: 12 },
        },
        { 'cf-connecting-ip': '192.0.2.1', 'x-forwarded-for': '10.0.0.1', 'user-agent': 'ua' },
      ),
    )
    expect(signals).toEqual({
      ip: '192.0.2.1',
      country: 'FR',
      city: 'Paris',
      asn: 3215,
      latitude: 48.86,
      longitude: 2.35,
      timezone: 'Europe/Paris',
      botScore: 12,
      userAgent: 'ua',
    })
    expect(requestSignals(new Request('https://auth.example/'))).toEqual({})
    expect(requestSignals(withCf({ country: 'T1', latitude: 'x', longitude: '1' }))).toEqual({})
  })

  it('takes the device from EncodedData, and the IpAddress only from a confidential client that propagates', () => {
    const edge = { ip: '192.0.2.1', country: 'FR', latitude: 48.86, longitude: 2.35 }
    const data = {
      IpAddress: '198.51.100.9',
      EncodedData: envelope({ DeviceId: 'dev-1', Timezone: 'UTC' }),
    }
    const open = { EnablePropagateAdditionalUserContextData: true }
    expect(withUserContextData(edge, open, data)).toEqual({
      ...edge,
      deviceId: 'dev-1',
      timezone: 'UTC',
    })
    expect(
      withUserContextData(
        edge,
        { ClientSecret: 's', EnablePropagateAdditionalUserContextData: false },
        data,
      ).ip,
    ).toBe('192.0.2.1')
    expect(
      withUserContextData(
        edge,
        { ClientSecret: 's', EnablePropagateAdditionalUserContextData: true },
        data,
      ),
    ).toEqual({ ip: '198.51.100.9', deviceId: 'dev-1', timezone: 'UTC' })
    expect(decodeEncodedData('not base64 at all')).toEqual({})
    expect(decodeEncodedData(btoa('{"payload": 5}'))).toEqual({})
  })
})

describe('IP ranges', () => {
  it.each([
    ['192.0.2.7', ['192.0.2.0/24'], true],
    ['192.0.3.7', ['192.0.2.0/24'], false],
    ['10.200.0.1', ['10.0.0.0/8'], true],
    ['8.8.8.8', ['0.0.0.0/0'], true],
    ['192.0.2.7', ['192.0.2.7'], true],
    ['::ffff:192.0.2.7', ['192.0.2.0/24'], true],
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['2001:db8::1', ['192.0.2.0/24'], false],
    ['not-an-ip', ['0.0.0.0/0'], false],
  ] as const)('%s in %j: %s', (address, ranges, expected) => {
    expect(inAnyRange(address, ranges)).toBe(expected)
  })

  it.each([
    '10.0.0.0/33',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3',
    '::1::2',
    '2001:db8::/129',
    'a/b/c',
    '',
  ])('refuses %j', (text) => expect(parseIpRange(text)).toBeNull())
})
