import { importPKCS8, SignJWT } from 'jose'

/** How long one client secret lives: it is made for a single token request. */
const LIFETIME_SECONDS = 300

/**
 * A private key as Apple hands it out (a .p8 file, PKCS #8 PEM), also taken as its base64 body
 * alone, which is how consoles often paste it. Returns the PEM.
 */
export function applePrivateKeyPem(text: string): string {
  const body = text
    .replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '')
    .replace(/\\n/g, '')
    .replace(/\s+/g, '')
  const lines = body.match(/.{1,64}/g) ?? []
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`
}

/** Whether the text is an EC P-256 private key Apple's client secret can be signed with. */
export async function isApplePrivateKey(text: string): Promise<boolean> {
  return importPKCS8(applePrivateKeyPem(text), 'ES256').then(
    () => true,
    () => false,
  )
}

/**
 * Sign in with Apple's client secret: a JWT signed ES256 with the developer's key (`kid` its key
 * id), issued by the team, about the services id, for Apple (`aud` the issuer), and short-lived
 * because a fresh one is made for every token request.
 */
export async function appleClientSecret(
  details: { team_id: string; key_id: string; client_id: string; private_key: string },
  audience: string,
  nowMs: number,
): Promise<string> {
  const key = await importPKCS8(applePrivateKeyPem(details.private_key), 'ES256')
  const now = Math.floor(nowMs / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: details.key_id })
    .setIssuer(details.team_id)
    .setSubject(details.client_id)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + LIFETIME_SECONDS)
    .sign(key)
}
