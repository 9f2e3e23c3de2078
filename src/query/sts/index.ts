import type { QueryService } from '../action'
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity'

/** STS's subset: the basic (classic) flow of the identity pools. */
export const stsService: QueryService = {
  version: '2011-06-15',
  namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  signingName: 'sts',
  actions: {
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  },
}
