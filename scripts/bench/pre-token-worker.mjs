// The bench's pre token generation function: a WorkerEntrypoint Portcullis reaches over a service
// binding, adding one claim to the ID token and one scope to the access token (V2_0 response).
import { WorkerEntrypoint } from 'cloudflare:workers'

export class BenchTriggers extends WorkerEntrypoint {
  preTokenGeneration(event) {
    event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { 'bench:tier': 'gold' } },
        accessTokenGeneration: { scopesToAdd: ['bench/read'] },
      },
    }
    return event
  }
}

export default {
  fetch: () => new Response('reached over RPC', { status: 404 }),
}
