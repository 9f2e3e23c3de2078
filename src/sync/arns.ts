import { ACCOUNT_ID } from '../iam/model'

/**
 * The ARN a sync request acts on, as IAM policies name it: the identity pool, an identity of it,
 * or one of that identity's datasets
 * (`arn:aws:cognito-sync:{region}:{account}:identitypool/{pool}/identity/{identity}/dataset/{name}`).
 */
export function syncResourceArn(
  region: string,
  target: { identityPoolId: string; identityId?: string; datasetName?: string },
): string {
  let arn = `arn:aws:cognito-sync:${region}:${ACCOUNT_ID}:identitypool/${target.identityPoolId}`
  if (target.identityId === undefined) return arn
  arn += `/identity/${target.identityId}`
  return target.datasetName === undefined ? arn : `${arn}/dataset/${target.datasetName}`
}
