import type { TestProject } from 'vitest/node'
import { startWorker, type RunningWorker } from './worker'

let worker: RunningWorker | undefined

/** One worker for the whole e2e run; E2E_PARTITIONS sets how many directory partitions pools get. */
export async function setup(project: TestProject): Promise<void> {
  worker = await startWorker({ vars: { DIRECTORY_PARTITIONS: process.env.E2E_PARTITIONS ?? '3' } })
  project.provide('endpoint', worker.endpoint)
  project.provide('accessKeyId', worker.accessKeyId)
  project.provide('secretAccessKey', worker.secretAccessKey)
  project.provide('partitions', Number(process.env.E2E_PARTITIONS ?? '3'))
}

export async function teardown(): Promise<void> {
  // A Worker that died during the run leaves every later test failing to connect: say why.
  const healthy =
    worker &&
    !worker.exited() &&
    (await fetch(`${worker.endpoint}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  if (worker && !healthy)
    console.error(
      `The e2e Worker stopped answering during the run. What wrangler printed:\n${worker.log().slice(-20_000)}`,
    )
  await worker?.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoint: string
    accessKeyId: string
    secretAccessKey: string
    partitions: number
  }
}
