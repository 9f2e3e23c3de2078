/**
 * Where the social providers a user pool federates with are reached: Google and Apple by their
 * OpenID issuers (discovery, keys, and Apple's client-secret audience), Facebook and Login with
 * Amazon by the base URLs of their web pages (where the browser signs in) and of their APIs (code
 * exchange, profile). Settings, so that a deployment, and the tests, can point them elsewhere;
 * every one has passed the relying-party core's URL rules when the environment was read.
 */
export interface SocialEndpoints {
  googleIssuer: string
  appleIssuer: string
  /** www.facebook.com: `/{api_version}/dialog/oauth`. */
  facebookWebUrl: string
  /** graph.facebook.com: `/{api_version}/oauth/access_token`, `/{api_version}/me`. */
  facebookGraphUrl: string
  /** www.amazon.com: `/ap/oa`. */
  amazonWebUrl: string
  /** api.amazon.com: `/auth/o2/token`, `/user/profile`. */
  amazonApiUrl: string
}

/** The public providers' own addresses, where nothing else is configured. */
export const PUBLIC_SOCIAL_ENDPOINTS: SocialEndpoints = {
  googleIssuer: 'https://accounts.google.com',
  appleIssuer: 'https://appleid.apple.com',
  facebookWebUrl: 'https://www.facebook.com',
  facebookGraphUrl: 'https://graph.facebook.com',
  amazonWebUrl: 'https://www.amazon.com',
  amazonApiUrl: 'https://api.amazon.com',
}
