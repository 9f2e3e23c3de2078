import { ACCOUNT_ID } from '../../iam/model'

/**
 * The resource an `aws_iam` route's caller must be allowed `execute-api:Invoke` on, as API Gateway
 * names it: `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`, where `path`
 * is the request's whole path as the route table judged it (mount prefix included, no leading `/`).
 */
export function executeApiArn(
  region: string,
  names: { api: string; stage: string },
  method: string,
  path: string,
): string {
  return `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${names.api}/${names.stage}/${method.toUpperCase()}/${path.replace(/^\//, '')}`
}
