import type { RateLimiterObject } from './storage/do/rate-limiter-object'
import type { DurableObjectBindings } from './storage/do/stores'
import type { GatewaySessionObject } from './storage/do/gateway-session-object'

/** The Worker's bindings, variables and secrets (see README "Configuration"). */
export interface Env extends DurableObjectBindings {
  /** Region used in pool ids, ARNs and the SigV4 scope. */
  REGION?: string
  /** Partitions a new pool's directory is spread over. */
  DIRECTORY_PARTITIONS?: string
  /** "true" keeps every message in a development outbox readable at /_dev/outbox. */
  DEV_OUTBOX?: string
  /** When set, messages are POSTed here, signed with MESSAGE_WEBHOOK_SECRET. */
  MESSAGE_WEBHOOK_URL?: string
  /** Where email goes: webhook, smtp, send_email or http (README "Message delivery"). */
  EMAIL_SENDER?: string
  /** Where SMS goes: webhook or twilio. */
  SMS_SENDER?: string
  /** The From of email for pools without EmailConfiguration.From: `addr@host` or `Name <addr@host>`. */
  EMAIL_FROM?: string
  /** The SMTP server's host name (EMAIL_SENDER=smtp). */
  SMTP_HOST?: string
  /** The SMTP server's port (default 587 for starttls, 465 for tls, 25 for none). */
  SMTP_PORT?: string
  /** starttls (default; required, not opportunistic), tls (from the start) or none. */
  SMTP_SECURITY?: string
  /** The SMTP user name (with SMTP_PASSWORD; AUTH PLAIN or LOGIN). */
  SMTP_USERNAME?: string
  /** Seconds to wait to connect and for each SMTP reply (default 10). */
  SMTP_TIMEOUT_SECONDS?: string
  /** The HTTP mail API's base URL (EMAIL_SENDER=http; default https://api.resend.com). */
  MAIL_API_URL?: string
  /** Twilio's API base URL (SMS_SENDER=twilio; default https://api.twilio.com). */
  TWILIO_API_URL?: string
  /** The Twilio account SID (or API key SID) SMS is sent with. */
  TWILIO_ACCOUNT_SID?: string
  /** The sending number (E.164) or Messaging Service SID (MG…). */
  TWILIO_FROM?: string
  /** A `send_email` binding (Email Routing / Email Service), for EMAIL_SENDER=send_email. */
  SEND_EMAIL?: SendEmail
  /** A k-anonymity range API of breached passwords (Have I Been Pwned's shape); off unless set. */
  BREACH_CORPUS_RANGE_URL?: string
  /** Origin used in token issuers when requests arrive through a proxy; defaults to the request's. */
  PUBLIC_ORIGIN?: string
  /**
   * Hosts (comma-separated, each with an optional :port) that serve the identity provider; every
   * other host is the gateway's. Default: PUBLIC_ORIGIN's host; else 127.0.0.1 and [::1] when the
   * gateway has routes; else every host.
   */
  AUTH_HOSTS?: string
  /** The gateway's providers and route table, as JSON (README "Gateway"). */
  GATEWAY_CONFIG?: string
  /** PBKDF2 rounds of 100,000 iterations each (default 6). */
  PASSWORD_HASH_ROUNDS?: string
  /** Attempts at secrets allowed per client IP per minute (default 100; 0 turns the limit off). */
  SIGN_IN_LIMIT_PER_IP?: string
  /** Password and SRP attempts allowed per account per minute (default 20; 0 turns the limit off). */
  SIGN_IN_LIMIT_PER_ACCOUNT?: string
  /** The period, in seconds, the two sign-in allowances refill over (default 60). */
  SIGN_IN_LIMIT_WINDOW_SECONDS?: string
  /** Codes (password reset, resend, attribute verification) sent to one account per hour (default 10; 0 turns the limit off). */
  CODE_MESSAGES_PER_ACCOUNT_PER_HOUR?: string
  /** Google's OpenID issuer for `accounts.google.com` logins (default https://accounts.google.com). */
  LOGIN_GOOGLE_ISSUER?: string
  /** Apple's OpenID issuer for `appleid.apple.com` logins (default https://appleid.apple.com). */
  LOGIN_APPLE_ISSUER?: string
  /** The Graph API base for `graph.facebook.com` logins (default https://graph.facebook.com). */
  LOGIN_FACEBOOK_GRAPH_URL?: string
  /** Login with Amazon's API base for `www.amazon.com` logins (default https://api.amazon.com). */
  LOGIN_AMAZON_API_URL?: string
  /** Facebook's web pages for user-pool Facebook sign-in, `/{version}/dialog/oauth` (default https://www.facebook.com). */
  FEDERATION_FACEBOOK_WEB_URL?: string
  /** Login with Amazon's sign-in page base for user-pool federation, `/ap/oa` (default https://www.amazon.com). */
  FEDERATION_AMAZON_WEB_URL?: string
  /**
   * Where trigger functions run, as JSON from function ARN (or ARN pattern with `*`) to
   * `{"service": BINDING, "method"?: name}`, `{"webhook": url}` or `{"lambda": endpoint}` (README "Triggers").
   */
  TRIGGER_TARGETS?: string
  /** When set, notices for devices RegisterDevice registered are POSTed here (README "Sync"). */
  PUSH_WEBHOOK_URL?: string
  /** The Queue each accepted sync's Cognito Streams record is sent to, for pools that enable streams. */
  SYNC_STREAM?: Queue
  RATE_LIMITER: DurableObjectNamespace<RateLimiterObject>
  GATEWAY_SESSIONS: DurableObjectNamespace<GatewaySessionObject>
  /** Secrets. */
  ADMIN_KEYS?: string
  KEY_ENCRYPTION_KEY?: string
  PASSWORD_PEPPER?: string
  MESSAGE_WEBHOOK_SECRET?: string
  /** The SMTP password (EMAIL_SENDER=smtp). */
  SMTP_PASSWORD?: string
  /** The HTTP mail API's bearer key (EMAIL_SENDER=http). */
  MAIL_API_KEY?: string
  /** The Twilio auth token (or API key secret). */
  TWILIO_AUTH_TOKEN?: string
  /** Standard Webhooks secret (`whsec_…`) trigger webhooks are signed with. */
  TRIGGER_WEBHOOK_SECRET?: string
  /** Standard Webhooks secret (`whsec_…`) push webhook deliveries are signed with. */
  PUSH_WEBHOOK_SECRET?: string
  /** `ACCESS_KEY_ID:SECRET[:SESSION_TOKEN]` Lambda Invoke calls are signed with. */
  LAMBDA_CREDENTIALS?: string
}
