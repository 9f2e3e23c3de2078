import { deleteTerms } from '../../../userpool/terms/terms'
import { defineTarget, type NoOutput } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { TermsId } from './terms-type'

export const deleteTermsTarget = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ TermsId, UserPoolId }, ['TermsId', 'UserPoolId']),
  async handle(input, { services }) {
    await deleteTerms(services, input.UserPoolId, input.TermsId)
    return {}
  },
})
