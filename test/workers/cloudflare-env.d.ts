// Types of `env` and `exports` from "cloudflare:workers" inside the workers test pool.
type PortcullisWorkerEnv = import('../../src/env').Env

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/index')
  }
  interface Env extends PortcullisWorkerEnv {}
}
