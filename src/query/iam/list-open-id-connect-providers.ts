import { listOidcProviders } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'

export const listOpenIdConnectProviders: QueryAction = {
  async run(_params, { services }) {
    const providers = await listOidcProviders(services)
    return { OpenIDConnectProviderList: providers.map((provider) => ({ Arn: provider.Arn })) }
  },
}
