import type { QueryService } from '../action'
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity'
import { getCallerIdentity } from './get-caller-identity'

/** STS's subset: the basic (classic) flow of the identity pools, and who a caller is. */
export const stsService: QueryService = {
  version: '2011-06-15',
  namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  signingName: 'sts',
  actions: {
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
    GetCallerIdentity: getCallerIdentity,
  },
}
