import { deleteOidcProvider } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'
import * as shape from './shapes'

export const deleteOpenIdConnectProvider: QueryAction = {
  async run(params, { services }) {
    await deleteOidcProvider(services, params.string('OpenIDConnectProviderArn', shape.arn))
    return undefined
  },
}
