// xml-crypto's signer for building IdP responses in tests, behind a narrow declaration
// (saml-vendor.d.ts): the library's own types pull in the DOM library, which clashes with the
// Workers types.
export { SignedXml } from 'xml-crypto'
