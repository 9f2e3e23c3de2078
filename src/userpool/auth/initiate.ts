import { InvalidParameterException } from '../../errors/cognito'
import { clientAllowsFlow } from '../clients/clients'
import { verifySecretHash } from '../clients/client-auth'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { initiateCustomSignIn } from './custom-auth'
import { refreshSignIn } from './refresh-token'
import { passwordSignIn } from './user-password'
import { initiateSrpSignIn } from './user-srp'
import { initiateUserAuth } from './user-auth'

export interface InitiateAuthRequest {
  flow: string
  parameters: Record<string, string>
  /** AdminInitiateAuth (SigV4) rather than InitiateAuth. */
  admin: boolean
}

const ADMIN_ONLY = new Set(['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'])
const PUBLIC_ONLY = new Set(['USER_PASSWORD_AUTH'])

/** InitiateAuth / AdminInitiateAuth: picks the flow, checks the client allows it, runs it. */
export async function initiateAuth(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  request: InitiateAuthRequest,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const { flow, parameters } = request
  if ((request.admin && PUBLIC_ONLY.has(flow)) || (!request.admin && ADMIN_ONLY.has(flow))) {
    throw new InvalidParameterException(`Initiate Auth method not supported.`)
  }
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH': {
      const allowed =
        flow === 'USER_PASSWORD_AUTH'
          ? 'ALLOW_USER_PASSWORD_AUTH'
          : 'ALLOW_ADMIN_USER_PASSWORD_AUTH'
      if (!clientAllowsFlow(client, allowed))
        throw new InvalidParameterException(
          `${flow === 'USER_PASSWORD_AUTH' ? 'USER_PASSWORD_AUTH' : 'ADMIN_USER_PASSWORD_AUTH'} flow not enabled for this client`,
        )
      const username = parameters.USERNAME
      const password = parameters.PASSWORD
      if (!username) throw new InvalidParameterException('Missing required parameter USERNAME')
      if (!password) throw new InvalidParameterException('Missing required parameter PASSWORD')
      await verifySecretHash(client, username, parameters.SECRET_HASH)
      return passwordSignIn(services, pool, client, username, password, context)
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      if (!clientAllowsFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH'))
        throw new InvalidParameterException('Refresh Token flow not enabled for this client')
      if (client.ClientSecret)
        await verifySecretHash(client, parameters.USERNAME ?? '', parameters.SECRET_HASH)
      // InitiateAuth's ClientMetadata does not reach PreTokenGeneration.
      return refreshSignIn(services, pool, client, parameters.REFRESH_TOKEN, {
        ...context,
        clientMetadata: undefined,
      })
    }
    case 'USER_SRP_AUTH': {
      if (!clientAllowsFlow(client, 'ALLOW_USER_SRP_AUTH'))
        throw new InvalidParameterException('USER_SRP_AUTH is not enabled for the client.')
      const username = parameters.USERNAME
      if (!username) throw new InvalidParameterException('Missing required parameter USERNAME')
      if (!parameters.SRP_A) throw new InvalidParameterException('Missing required parameter SRP_A')
      await verifySecretHash(client, username, parameters.SECRET_HASH)
      return initiateSrpSignIn(services, pool, client, username, parameters.SRP_A, {
        triggers: context,
      })
    }
    case 'CUSTOM_AUTH': {
      if (!clientAllowsFlow(client, 'ALLOW_CUSTOM_AUTH'))
        throw new InvalidParameterException('CUSTOM_AUTH flow not enabled for this client')
      await verifySecretHash(client, parameters.USERNAME ?? '', parameters.SECRET_HASH)
      return initiateCustomSignIn(services, pool, client, parameters, context)
    }
    case 'USER_AUTH': {
      if (!clientAllowsFlow(client, 'ALLOW_USER_AUTH'))
        throw new InvalidParameterException('USER_AUTH flow not enabled for this client')
      await verifySecretHash(client, parameters.USERNAME ?? '', parameters.SECRET_HASH)
      return initiateUserAuth(services, pool, client, parameters, context)
    }
    default:
      throw new InvalidParameterException(`Initiate Auth method not supported.`)
  }
}
