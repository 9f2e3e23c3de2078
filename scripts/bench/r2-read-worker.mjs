// Baseline for `npm run bench`: the plainest read of an R2 object by a Worker, served in the same
// workerd as Portcullis and bound to the same local bucket. GET /KEY answers the object's body.
export default {
  async fetch(request, env) {
    const object = await env.BUCKET.get(decodeURIComponent(new URL(request.url).pathname.slice(1)))
    if (!object) return new Response('not found', { status: 404 })
    return new Response(object.body, { headers: { etag: object.httpEtag } })
  },
}
