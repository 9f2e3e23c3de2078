// Creates .dev.vars with fresh local secrets if it does not exist yet (or adds the ones it lacks), and
// returns them. Worker secrets in production are set with `wrangler secret put`; these never enter the repo.
import { randomBytes, randomInt } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const DEV_VARS = join(
  resolve(process.env.PORTCULLIS_HOME || join(dirname(fileURLToPath(import.meta.url)), '..')),
  '.dev.vars',
)
const hex = (n) => randomBytes(n).toString('hex')

/** Reads .dev.vars (KEY=VALUE lines) into an object. */
export function readDevVars(path = DEV_VARS) {
  if (!existsSync(path)) return {}
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [
        line.slice(0, line.indexOf('=')),
        line.slice(line.indexOf('=') + 1).replace(/^"|"$/g, ''),
      ]),
  )
}

const pickFrom = (alphabet) => alphabet[randomInt(alphabet.length)]

/**
 * A random 20-character password with at least one upper-case letter, lower-case letter, digit and
 * symbol, so it meets Cognito's default policy and stricter ones up to 20 characters. The symbols are
 * ones that need no escaping in a shell, in single quotes, or in the AWS CLI's key=value shorthand.
 */
export function demoPassword(length = 20) {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '-_.@%+~']
  const chars = classes.map(pickFrom)
  while (chars.length < length) chars.push(pickFrom(classes.join('')))
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j], chars[i]]
  }
  return chars.join('')
}

/** Fresh secrets: an admin key pair (AWS-shaped), the key-encryption key, the pepper, the demo password and the first console operator's. */
export function freshSecrets() {
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64').replace(/[+/=]/g, '').slice(0, 40)
  return {
    ADMIN_KEYS: `${accessKeyId}:${secretAccessKey}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSWORD_PEPPER: hex(32),
    MESSAGE_WEBHOOK_SECRET: hex(32),
    DEMO_PASSWORD: demoPassword(),
    CONSOLE_PASSWORD: demoPassword(),
  }
}

/** Makes sure .dev.vars holds every local secret, keeping the values already there; returns them all. */
export function ensureDevVars(path = DEV_VARS) {
  const existing = readDevVars(path)
  const fresh = freshSecrets()
  if (Object.keys(fresh).every((key) => existing[key])) return existing
  // Keys already present win: rotating ADMIN_KEYS or the pepper would lock out persisted local state.
  const vars = {
    ...fresh,
    ...Object.fromEntries(Object.entries(existing).filter(([, value]) => value)),
  }
  const body = Object.entries(vars)
    .map(([key, value]) => `${key}="${value}"`)
    .join('\n')
  // PORTCULLIS_HOME may name a folder that does not exist yet.
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `# Local secrets for \`wrangler dev\` (never commit this file)\n${body}\n`, {
    mode: 0o600,
  })
  chmodSync(path, 0o600)
  return vars
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  ensureDevVars()
  console.log(`${DEV_VARS} ready`)
}
