import type { TargetTable } from '../../target'
import { createTermsTarget } from './create-terms'
import { deleteTermsTarget } from './delete-terms'
import { describeTerms } from './describe-terms'
import { listTermsTarget } from './list-terms'
import { updateTermsTarget } from './update-terms'

export const termsTargets: TargetTable = {
  CreateTerms: createTermsTarget,
  DescribeTerms: describeTerms,
  ListTerms: listTermsTarget,
  UpdateTerms: updateTermsTarget,
  DeleteTerms: deleteTermsTarget,
}
