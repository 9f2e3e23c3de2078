// Builds the gateway as a Lambda@Edge viewer-request bundle (Node.js 20, ESM) into dist/lambda-edge/.
//
//   node scripts/build-lambda-edge.mjs --init edge-settings.json      write a settings file with fresh secrets
//   node scripts/build-lambda-edge.mjs --settings edge-settings.json  build dist/lambda-edge/index.mjs
//
// Lambda@Edge has no environment variables, so the gateway table, the cookie-sealing secret and the
// x-amzn-oidc-data signing key are baked into the bundle: keep the settings file out of git.
import { build } from 'esbuild'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** A settings file with fresh secrets and an example table to edit. */
export function initSettings(path) {
  if (existsSync(path)) throw new Error(`${path} exists; refusing to overwrite its secrets`)
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(12).toString('base64url'),
    alg: 'ES256',
  }
  const settings = {
    config: {
      providers: {
        idp: {
          issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE',
          clientIds: ['CLIENT_ID'],
          scopes: ['openid', 'email'],
        },
      },
      routes: [
        {
          path: '/*',
          origin: 'https://origin.invalid',
          provider: 'idp',
          unauthenticated: 'authenticate',
        },
      ],
    },
    sessionSecret: randomBytes(32).toString('base64'),
    signingKey,
  }
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 })
}

/** Bundles the handler with `settings` baked in; returns the output path. */
export async function buildEdgeBundle(settings, outdir = join(ROOT, 'dist', 'lambda-edge')) {
  mkdirSync(outdir, { recursive: true })
  const outfile = join(outdir, 'index.mjs')
  await build({
    entryPoints: [join(ROOT, 'src', 'gateway', 'adapters', 'lambda-edge-entry.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile,
    define: { __PORTCULLIS_EDGE_SETTINGS__: JSON.stringify(settings) },
    legalComments: 'none',
    logLevel: 'warning',
  })
  // Load the bundle once so a table that cannot run at the edge fails the build, not the first cold start.
  try {
    await import(`${pathToFileURL(outfile).href}?check=${Date.now()}`)
  } catch (error) {
    rmSync(outfile, { force: true })
    throw new Error(`the settings cannot run at the edge: ${error.message}`)
  }
  return outfile
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args[0] === '--init' && args[1]) {
    initSettings(args[1])
    console.log(`wrote ${args[1]}: edit its "config", keep it secret, then build with --settings`)
  } else if (args[0] === '--settings' && args[1]) {
    const outfile = await buildEdgeBundle(JSON.parse(readFileSync(args[1], 'utf8')))
    console.log(
      `built ${outfile}: deploy it as a Node.js 20 Lambda@Edge viewer-request function (handler: index.handler)`,
    )
  } else {
    console.error('usage: build-lambda-edge.mjs --init FILE | --settings FILE')
    process.exit(2)
  }
}
