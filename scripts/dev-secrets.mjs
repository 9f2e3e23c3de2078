// Creates .dev.vars with fresh local secrets if it does not exist yet, and returns them.
// Worker secrets in production are set with `wrangler secret put`; these never enter the repo.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const hex = (n) => randomBytes(n).toString('hex')

/** Reads .dev.vars (KEY=VALUE lines) into an object. */
export function readDevVars(path) {
  if (!existsSync(path)) return {}
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).replace(/^"|"$/g, '')]),
  )
}

/** A random password that meets the demo pool's policy: upper, lower, digit and symbol, 20 characters. */
function demoPassword() {
  return `Pc-${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}7!a`
}

/** Fresh secrets: an admin key pair (AWS-shaped), the key-encryption key and the pepper. */
export function freshSecrets() {
  const accessKeyId = 'AKIA' + randomBytes(8).toString('hex').toUpperCase()
  const secretAccessKey = randomBytes(30).toString('base64').replace(/[+/=]/g, '').slice(0, 40)
  return {
    ADMIN_KEYS: `${accessKeyId}:${secretAccessKey}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSWORD_PEPPER: hex(32),
    MESSAGE_WEBHOOK_SECRET: hex(32),
    DEMO_PASSWORD: demoPassword(),
  }
}

export function ensureDevVars(path = '.dev.vars') {
  const existing = readDevVars(path)
  if (existing.ADMIN_KEYS && existing.KEY_ENCRYPTION_KEY && existing.PASSWORD_PEPPER && existing.DEMO_PASSWORD) return existing
  const vars = { ...freshSecrets(), ...existing }
  writeFileSync(path, '# Local secrets for `wrangler dev` (never commit this file)\n' + Object.entries(vars).map(([k, v]) => `${k}="${v}"`).join('\n') + '\n', { mode: 0o600 })
  return vars
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureDevVars()
  console.log('.dev.vars ready')
}
