/**
 * The session policy of guest credentials from the enhanced flow. Cognito scopes unauthenticated
 * enhanced-flow sessions down to a fixed list of services (the developer guide's "IAM roles"
 * page), so that a role granting more never reaches guests; this is that list cut to the services
 * Portcullis serves: S3 (the S3 front), API Gateway's `execute-api:Invoke` (IAM-authorised gateway
 * routes), and Cognito Identity, user pools and Sync. A session may do only what both this and its
 * role allow. Authenticated sessions, and the basic flow, carry none, as in Cognito.
 */
export const GUEST_SCOPE_DOWN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        's3:*',
        'execute-api:Invoke',
        'cognito-identity:*',
        'cognito-idp:*',
        'cognito-sync:*',
      ],
      Resource: '*',
    },
  ],
})
