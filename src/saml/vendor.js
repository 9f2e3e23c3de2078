// The XML libraries, re-exported behind narrow declarations (vendor.d.ts): their own type files
// pull in the DOM library, whose Headers and fetch types clash with the Workers types.
export { DOMParser } from '@xmldom/xmldom'
export { SignedXml } from 'xml-crypto'
