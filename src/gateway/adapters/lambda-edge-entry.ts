// Entry of the Lambda@Edge bundle (scripts/build-lambda-edge.mjs): settings are injected at build time.
import { createEdgeHandler, type EdgeSettings } from './lambda-edge'

declare const __PORTCULLIS_EDGE_SETTINGS__: EdgeSettings

/** The CloudFront viewer-request handler. */
export const handler = createEdgeHandler(__PORTCULLIS_EDGE_SETTINGS__)
