// Types of `env` and `exports` from "cloudflare:workers" inside the workers test pool.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/index')
  }
  interface Env extends import('../../src/env').Env {}
}
