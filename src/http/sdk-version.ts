/**
 * The calling SDK as Cognito names it in trigger events' `callerContext.awsSdkVersion`: the
 * first `name/version` product of the AWS user agent (`aws-sdk-js/3.1169.0 ua/2.1 …` becomes
 * `aws-sdk-js-3.1169.0`), or `aws-sdk-unknown-unknown`.
 */
export function awsSdkVersionOf(headers: Headers): string {
  const agent = headers.get('x-amz-user-agent') ?? headers.get('user-agent') ?? ''
  const product = /^\s*(aws-sdk-[\w.-]+|aws-amplify|aws-cli)\/([\w.-]+)/i.exec(agent)
  return product ? `${product[1]}-${product[2]}`.slice(0, 100) : 'aws-sdk-unknown-unknown'
}
