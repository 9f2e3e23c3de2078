import type { AddCustomAttributesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { addCustomAttributes as add } from '../../../userpool/pools/pool-admin'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { SchemaShape } from './pool-shapes'

export const addCustomAttributes = defineTarget<AddCustomAttributesResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, CustomAttributes: SchemaShape }, [
    'UserPoolId',
    'CustomAttributes',
  ]),
  async handle(input, { services }) {
    await add(services, input.UserPoolId, input.CustomAttributes)
    return {}
  },
})
