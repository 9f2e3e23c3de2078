import type { UserDevice, UserPoolConfig } from '../model'

/** Cognito's DeviceConfigurationType, as CreateUserPool and UpdateUserPool keep it. */
interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean
  DeviceOnlyRememberedOnUserPrompt?: boolean
}

/**
 * The pool's device configuration, or undefined when it tracks no devices. Giving any property
 * of DeviceConfiguration turns tracking on, as Cognito's model says; an empty one does not.
 */
function deviceConfiguration(pool: UserPoolConfig): DeviceConfiguration | undefined {
  const given = pool.Extra.DeviceConfiguration as DeviceConfiguration | undefined
  if (!given) return undefined
  const tracking =
    typeof given.ChallengeRequiredOnNewDevice === 'boolean' ||
    typeof given.DeviceOnlyRememberedOnUserPrompt === 'boolean'
  return tracking ? given : undefined
}

export const tracksDevices = (pool: UserPoolConfig): boolean =>
  deviceConfiguration(pool) !== undefined

/** Whether ConfirmDevice remembers a device at once (false: only when the user says so). */
export const remembersOnConfirm = (pool: UserPoolConfig): boolean =>
  deviceConfiguration(pool)?.DeviceOnlyRememberedOnUserPrompt !== true

/** A device whose ConfirmDevice stored its verifier: it can sign in with device SRP. */
export const isConfirmed = (device: UserDevice): boolean => device.verifier !== undefined

/**
 * Whether a device, once it has proven itself, may stand in for the user's second factor:
 * ChallengeRequiredOnNewDevice is on and the device is confirmed and remembered. A forgotten, a
 * new or a not-remembered device never does.
 */
export const deviceStandsInForMfa = (pool: UserPoolConfig, device: UserDevice): boolean =>
  deviceConfiguration(pool)?.ChallengeRequiredOnNewDevice === true &&
  isConfirmed(device) &&
  device.remembered
