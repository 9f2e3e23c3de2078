import type { SessionChallenge } from '../auth/outcome'
import { sealAuthSession } from '../auth/session'
import type { UserDevice, UserPoolClientConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

/**
 * DEVICE_SRP_AUTH: asks the client to prove the known device it presented, with a Session that
 * carries the user, the device and whether MFA is behind it (answered, or none owed).
 */
export async function deviceSrpChallenge(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  user: UserRecord,
  device: Pick<UserDevice, 'deviceKey'>,
  secondFactorDone: boolean,
): Promise<SessionChallenge<'DEVICE_SRP_AUTH'>> {
  return {
    kind: 'challenge',
    challengeName: 'DEVICE_SRP_AUTH',
    parameters: { USERNAME: user.username },
    session: await sealAuthSession(services, client, 'DEVICE_SRP_AUTH', user.username, {
      device: { key: device.deviceKey, proven: false, secondFactorDone },
    }),
  }
}
