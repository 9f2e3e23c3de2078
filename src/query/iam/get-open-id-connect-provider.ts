import { getOidcProvider } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'
import { oidcProviderOutput } from './outputs'
import * as shape from './shapes'

export const getOpenIdConnectProvider: QueryAction = {
  async run(params, { services }) {
    const arn = params.string('OpenIDConnectProviderArn', shape.arn)
    return oidcProviderOutput(await getOidcProvider(services, arn))
  },
}
