import { describe, expect, it } from 'vitest'
import type { UserPoolConfig } from '../../../src/userpool/model'
import { securityModeFor } from '../../../src/userpool/risk/add-ons'

const pool = (addOns?: unknown) =>
  ({ Extra: addOns ? { UserPoolAddOns: addOns } : {} }) as UserPoolConfig

describe('the threat-protection mode of a sign-in', () => {
  it.each([
    [undefined, 'standard', 'OFF'],
    [undefined, 'custom', 'OFF'],
    [{ AdvancedSecurityMode: 'ENFORCED' }, 'standard', 'ENFORCED'],
    // Custom authentication is judged only where AdvancedSecurityAdditionalFlows says so.
    [{ AdvancedSecurityMode: 'ENFORCED' }, 'custom', 'OFF'],
    [
      {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' },
      },
      'custom',
      'AUDIT',
    ],
    [
      {
        AdvancedSecurityMode: 'OFF',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' },
      },
      'custom',
      'OFF',
    ],
  ] as const)('%j, %s flow: %s', (addOns, flow, mode) => {
    expect(securityModeFor(pool(addOns), flow)).toBe(mode)
  })
})
