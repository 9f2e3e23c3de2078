// Builds the sync client (client/sync) into dist/sync/:
//   index.js     ESM for Node and bundlers; @aws-sdk/client-cognito-sync and @smithy/signature-v4
//                stay imports (peer dependencies the app installs, so it shares the app's SDK);
//   browser.js   one self-contained ESM file for a page's <script type="module">, the SDK inside;
//   types/       the declarations, for `import ... from 'portcullis/sync'`;
// and dist/sync-demo/, the demo page (examples/sync-demo) with its script bundled.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const ENTRY = join(ROOT, 'client', 'sync', 'index.ts')

/** Builds dist/sync (or `outdir`); answers the two bundles' paths. */
export async function buildSyncClient(outdir = join(ROOT, 'dist', 'sync')) {
  rmSync(outdir, { recursive: true, force: true })
  const common = {
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
  }
  const index = join(outdir, 'index.js')
  const browser = join(outdir, 'browser.js')
  await build({
    ...common,
    outfile: index,
    platform: 'neutral',
    target: 'es2022',
    external: ['@aws-sdk/*', '@smithy/*'],
  })
  await build({
    ...common,
    outfile: browser,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
  })
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'client', 'sync', 'tsconfig.build.json'),
    ],
    { stdio: 'inherit' },
  )
  return { index, browser }
}

/** Builds the demo page into dist/sync-demo (or `outdir`); answers the folder. */
export async function buildSyncDemo(outdir = join(ROOT, 'dist', 'sync-demo')) {
  rmSync(outdir, { recursive: true, force: true })
  const demo = join(ROOT, 'examples', 'sync-demo')
  await build({
    entryPoints: [join(demo, 'demo.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: join(outdir, 'demo.js'),
    // The credential providers' browser map names `./dist-es/index` without its extension, which
    // esbuild does not match against `module`'s `./dist-es/index.js`: point at the browser entry.
    alias: {
      '@aws-sdk/credential-providers': '@aws-sdk/credential-providers/dist-es/index.browser.js',
    },
    legalComments: 'none',
    logLevel: 'warning',
  })
  copyFileSync(join(demo, 'index.html'), join(outdir, 'index.html'))
  return outdir
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { index, browser } = await buildSyncClient()
  const demo = await buildSyncDemo()
  console.log(`built ${index}, ${browser} and the demo page in ${demo}`)
}
