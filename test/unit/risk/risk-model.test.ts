import { describe, expect, it } from 'vitest'
import { assessRisk, type PastSignIn, type RiskInput } from '../../../src/userpool/risk/risk-model'
import type { RequestSignals } from '../../../src/userpool/risk/signals'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 1, 12)
const PARIS: RequestSignals = {
  ip: '192.0.2.10',
  country: 'FR',
  asn: 3215,
  latitude: 48.86,
  longitude: 2.35,
  deviceId: 'device-a',
}
const LYON: RequestSignals = { ...PARIS, ip: '192.0.2.11', latitude: 45.76, longitude: 4.84 }
const SYDNEY: RequestSignals = {
  ip: '203.0.113.5',
  country: 'AU',
  asn: 1221,
  latitude: -33.87,
  longitude: 151.21,
  deviceId: 'device-a',
}
const BERLIN: RequestSignals = {
  ...PARIS,
  country: 'DE',
  asn: 3320,
  latitude: 52.52,
  longitude: 13.4,
}

const passed = (
  signals: RequestSignals,
  at = T0 - 24 * HOUR,
  extra: Partial<PastSignIn> = {},
): PastSignIn => ({
  at,
  response: 'Pass',
  signals,
  ...extra,
})

const input = (
  signals: RequestSignals,
  history: PastSignIn[],
  extra: Partial<RiskInput> = {},
): RiskInput => ({
  at: T0,
  signals,
  history,
  accountFailures: 0,
  addressFailedAccounts: 0,
  ...extra,
})

describe('the risk model', () => {
  it.each([
    ['a first sign-in, with nothing to compare', input(PARIS, []), null, []],
    ['the same place, network and device as before', input(PARIS, [passed(PARIS)]), null, []],
    [
      'a new device',
      input({ ...PARIS, deviceId: 'device-b' }, [passed(PARIS)]),
      'Low',
      ['new-device'],
    ],
    [
      'a remembered device key never signed in from is not new',
      input({ ...PARIS, deviceId: 'us-east-1_remembered' }, [passed(PARIS)], {
        knownDevices: ['us-east-1_remembered'],
      }),
      null,
      [],
    ],
    [
      "another device's remembered key does not vouch for this one",
      input({ ...PARIS, deviceId: 'device-b' }, [passed(PARIS)], {
        knownDevices: ['us-east-1_remembered'],
      }),
      'Low',
      ['new-device'],
    ],
    [
      'a remembered device from a new country is still a new country',
      input({ ...BERLIN, deviceId: 'us-east-1_remembered' }, [passed(PARIS)], {
        knownDevices: ['us-east-1_remembered'],
      }),
      'Medium',
      ['new-network', 'new-country'],
    ],
    [
      'a new network in a known country, near by',
      input({ ...LYON, asn: 12322 }, [passed(PARIS)]),
      'Low',
      ['new-network'],
    ],
    [
      'a new country and network, reachable in the time',
      input(BERLIN, [passed(PARIS, T0 - 24 * HOUR)]),
      'Medium',
      ['new-network', 'new-country'],
    ],
    [
      'Paris to Sydney in an hour',
      input(SYDNEY, [passed(PARIS, T0 - HOUR)]),
      'High',
      ['new-network', 'new-country', 'impossible-travel'],
    ],
    [
      'Paris to Sydney in two days',
      input(SYDNEY, [passed(PARIS, T0 - 48 * HOUR)]),
      'Medium',
      ['new-network', 'new-country'],
    ],
    [
      'travel measured from the latest known sign-in',
      input(SYDNEY, [passed(PARIS, T0 - 48 * HOUR), passed(BERLIN, T0 - HOUR)]),
      'High',
      ['new-network', 'new-country', 'impossible-travel'],
    ],
    [
      'a failed sign-in does not make a place known',
      input(SYDNEY, [
        passed(PARIS, T0 - 48 * HOUR),
        { ...passed(SYDNEY, T0 - HOUR), response: 'Fail' },
      ]),
      'Medium',
      ['new-network', 'new-country'],
    ],
    [
      'a blocked sign-in reported Valid makes its place known',
      input(SYDNEY, [
        passed(PARIS, T0 - 2 * HOUR),
        { ...passed(SYDNEY, T0 - HOUR), response: 'Fail', feedback: 'Valid' },
      ]),
      null,
      [],
    ],
    [
      'a passed sign-in reported Invalid is not known, and its device or address raises the risk',
      input(SYDNEY, [
        passed(PARIS, T0 - 48 * HOUR),
        { ...passed(SYDNEY, T0 - 24 * HOUR), feedback: 'Invalid' },
      ]),
      'High',
      ['new-network', 'new-country', 'reported-invalid'],
    ],
    [
      'failure velocity at the account',
      input(PARIS, [passed(PARIS)], { accountFailures: 5 }),
      'Medium',
      ['failure-velocity'],
    ],
    [
      'many failures at the account',
      input(PARIS, [passed(PARIS)], { accountFailures: 10 }),
      'Medium',
      ['failure-velocity'],
    ],
    [
      'password spraying from the address',
      input(PARIS, [passed(PARIS)], { addressFailedAccounts: 5 }),
      'Medium',
      ['password-spraying'],
    ],
    [
      'four accounts failing is not spraying',
      input(PARIS, [], { addressFailedAccounts: 4 }),
      null,
      [],
    ],
    ['a likely bot', input({ ...PARIS, botScore: 20 }, [passed(PARIS)]), 'Medium', ['bot']],
    ['a certain bot', input({ ...PARIS, botScore: 2 }, [passed(PARIS)]), 'High', ['bot']],
    ['a likely human', input({ ...PARIS, botScore: 90 }, [passed(PARIS)]), null, []],
    [
      'spraying and a new device together',
      input({ ...PARIS, deviceId: 'device-b' }, [passed(PARIS)], { addressFailedAccounts: 7 }),
      'High',
      ['new-device', 'password-spraying'],
    ],
  ] as const)('%s', (_name, given, level, reasons) => {
    const assessment = assessRisk(given)
    expect(assessment.level).toBe(level)
    expect(assessment.reasons).toEqual(reasons)
  })

  it('is pure: the same input gives the same answer', () => {
    const given = input(SYDNEY, [passed(PARIS, T0 - HOUR)])
    expect(assessRisk(given)).toEqual(assessRisk(structuredClone(given)))
  })
})
