/**
 * Where the public login providers are reached: Google and Apple by their OpenID issuers,
 * Facebook and Login with Amazon by the base URLs of the APIs that check their access tokens.
 * Settings, so that a deployment (and the tests) can point them at other servers.
 */
export interface LoginEndpoints {
  /** Google's issuer: `iss` of its ID tokens, and where its discovery document is. */
  googleIssuer: string
  /** Apple's issuer, likewise. */
  appleIssuer: string
  /** The Graph API's base URL (`/me`, `/app`). */
  facebookGraphUrl: string
  /** Login with Amazon's API base URL (`/auth/o2/tokeninfo`). */
  amazonApiUrl: string
}
