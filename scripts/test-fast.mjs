// `npm run test:fast`: the static checks (types, lint, layer rules) one after another, and the unit
// tests beside them, so the edit loop waits for the longer of the two rather than their sum.
// Each side's output is printed whole when it ends; the exit code is non-zero if either failed.
import { spawn } from 'node:child_process'

const run = (label, steps) =>
  new Promise((resolve) => {
    const child = spawn(steps.join(' && '), { shell: true, env: process.env })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => {
      process.stdout.write(`\n── ${label} ${code === 0 ? 'passed' : 'FAILED'} ──\n${output}`)
      resolve(code === 0)
    })
  })

const results = await Promise.all([
  run('typecheck, lint, depcheck', ['npm run typecheck', 'npm run lint', 'npm run depcheck']),
  run('unit tests', ['npm run test:unit']),
])
process.exit(results.every(Boolean) ? 0 : 1)
