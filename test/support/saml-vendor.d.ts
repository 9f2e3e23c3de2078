/** xml-crypto's SignedXml, signing only. */
export declare class SignedXml {
  constructor(options: {
    privateKey: string
    publicCert?: string
    signatureAlgorithm: string
    canonicalizationAlgorithm: string
  })
  addReference(reference: { xpath: string; transforms: string[]; digestAlgorithm: string }): void
  computeSignature(
    xml: string,
    options: { location: { reference: string; action: 'after' | 'prepend' | 'append' | 'before' } },
  ): void
  getSignedXml(): string
}
