/**
 * The root of every error Portcullis throws on purpose. `code` is stable and names the error on
 * the wire of the surface that renders it; `publicMessage` is safe to show a caller; `detail` is
 * for logs only and never leaves the process. Abstract: only the catalogue's subclasses, each
 * with its own code, are thrown (an instance of the root would render as an internal error).
 */
export abstract class PortcullisError extends Error {
  static code = 'InternalErrorException'
  readonly code: string
  readonly status: number
  readonly detail: string | undefined

  constructor(publicMessage: string, options: { status?: number; detail?: string } = {}) {
    if (new.target === PortcullisError)
      throw new TypeError('PortcullisError is abstract: throw an error from the catalogue')
    super(publicMessage)
    this.code = (this.constructor as typeof PortcullisError).code
    this.status = options.status ?? 400
    this.detail = options.detail
    this.name = this.code
  }

  get publicMessage(): string {
    return this.message
  }
}
