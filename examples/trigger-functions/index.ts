import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda'
import { WorkerEntrypoint } from 'cloudflare:workers'

/**
 * The demo's trigger functions: each method takes a Cognito trigger event and returns it with its
 * `response` set, as a Lambda handler does. Portcullis calls them over a service binding
 * (`[[services]] binding = "DEMO_TRIGGERS" … entrypoint = "DemoTriggers"`), and TRIGGER_TARGETS says
 * which method a LambdaConfig ARN reaches.
 */
export class DemoTriggers extends WorkerEntrypoint {
  /** Pre token generation (V2_0): a greeting claim in the ID token, which the demo origin shows. */
  preTokenGeneration(event: PreTokenGenerationV2TriggerEvent): PreTokenGenerationV2TriggerEvent {
    const name = event.request.userAttributes.name ?? event.request.userAttributes.email ?? 'there'
    event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: {
            'demo:greeting': `Hello ${name}, from the pre token generation trigger (${event.triggerSource})`,
          },
        },
      },
    }
    return event
  }
}

export default {
  fetch: () => new Response('trigger functions are reached over RPC', { status: 404 }),
}
