import type { CreateTermsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { createTerms } from '../../../userpool/terms/terms'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { Enforcement, Links, TermsName, TermsSource, termsType } from './terms-type'

export const createTermsTarget = defineTarget<CreateTermsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId, TermsName, TermsSource, Enforcement, Links }, [
    'UserPoolId',
    'ClientId',
    'TermsName',
    'TermsSource',
    'Enforcement',
  ]),
  async handle({ UserPoolId: poolId, ClientId: clientId, ...input }, { services }) {
    const terms = await createTerms(services, poolId, clientId, {
      ...input,
      Links: input.Links ?? {},
    })
    return { Terms: termsType(terms) }
  },
})
