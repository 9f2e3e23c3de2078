import { createOidcProvider } from '../../iam/oidc-providers/oidc-providers'
import type { QueryAction } from '../action'
import { tagList } from './outputs'
import * as shape from './shapes'

export const createOpenIdConnectProvider: QueryAction = {
  async run(params, { services }) {
    const clientIds = params.strings('ClientIDList', 1000, shape.clientId)
    const thumbprints = params.strings('ThumbprintList', 1000, shape.thumbprint)
    const tags = shape.tags(params)
    const provider = await createOidcProvider(services, {
      Url: params.string('Url', shape.oidcProviderUrl),
      ...(clientIds ? { ClientIDList: clientIds } : {}),
      ...(thumbprints ? { ThumbprintList: thumbprints } : {}),
      ...(tags ? { Tags: tags } : {}),
    })
    return { OpenIDConnectProviderArn: provider.Arn, Tags: tagList(provider.Tags) }
  },
}
