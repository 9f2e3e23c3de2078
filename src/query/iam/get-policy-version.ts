import { getPolicyVersion as get } from '../../iam/policies/managed-policies'
import type { QueryAction } from '../action'
import { encodedDocument } from './outputs'
import * as shape from './shapes'

export const getPolicyVersion: QueryAction = {
  async run(params, { services }) {
    const arn = params.string('PolicyArn', shape.arn)
    const version = await get(services, arn, params.string('VersionId', shape.policyVersionId))
    return {
      PolicyVersion: {
        Document: encodedDocument(version.Document),
        VersionId: version.VersionId,
        IsDefaultVersion: version.IsDefaultVersion,
        CreateDate: new Date(version.CreateDate),
      },
    }
  },
}
