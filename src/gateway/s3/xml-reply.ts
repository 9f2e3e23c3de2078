import { type Xml, xmlDocument } from '../../xml/writer'

/** A 200 answer with an XML document, as S3 sends its results. */
export const xmlReply = (root: Xml, headers: Record<string, string> = {}): Response =>
  new Response(xmlDocument(root), {
    status: 200,
    headers: { 'content-type': 'application/xml', ...headers },
  })

/** The S3 namespace every result document declares. */
export const S3_NAMESPACE = { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' }
