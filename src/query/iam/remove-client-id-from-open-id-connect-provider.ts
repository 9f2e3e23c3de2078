import { removeClientId } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const removeClientIdFromOpenIdConnectProvider: QueryAction = {
  async run(params, { services }) {
    const arn = params.string('OpenIDConnectProviderArn', shape.arn)
    await removeClientId(
      services,
      arn,
      params.string('ClientID', { ...shape.clientId, required: true }),
    )
    return undefined
  },
}
