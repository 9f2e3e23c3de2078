import { addClientId } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const addClientIdToOpenIdConnectProvider: QueryAction = {
  async run(params, { services }) {
    const arn = params.string('OpenIDConnectProviderArn', shape.arn)
    await addClientId(
      services,
      arn,
      params.string('ClientID', { ...shape.clientId, required: true }),
    )
    return undefined
  },
}
