import type { UpdateTermsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updateTerms } from '../../../userpool/terms/terms'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { Enforcement, Links, TermsId, TermsName, TermsSource, termsType } from './terms-type'

export const updateTermsTarget = defineTarget<UpdateTermsResponse>()({
  auth: 'sigv4',
  input: structure({ TermsId, UserPoolId, TermsName, TermsSource, Enforcement, Links }, [
    'TermsId',
    'UserPoolId',
  ]),
  async handle({ TermsId: id, UserPoolId: poolId, ...input }, { services }) {
    return { Terms: termsType(await updateTerms(services, poolId, id, input)) }
  },
})
