import type { DescribeTermsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireTerms } from '../../../userpool/terms/terms'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { TermsId, termsType } from './terms-type'

export const describeTerms = defineTarget<DescribeTermsResponse>()({
  auth: 'sigv4',
  input: structure({ TermsId, UserPoolId }, ['TermsId', 'UserPoolId']),
  async handle(input, { services }) {
    return { Terms: termsType(await requireTerms(services, input.UserPoolId, input.TermsId)) }
  },
})
