/**
 * The root of every error Portcullis throws on purpose. `code` is stable and names the error on
 * the wire of the surface that renders it; `status` is its HTTP status, the class's own unless
 * the thrower gives one; `publicMessage` is safe to show a caller; `detail` is for logs only and
 * never leaves the process. Abstract: only the catalogue's subclasses, each with its own code,
 * are thrown (an instance of the root would render as an internal error).
 */
export abstract class PortcullisError extends Error {
  static code = 'InternalErrorException'
  /** The HTTP status of every error of the class, unless its thrower says otherwise. */
  static status = 400
  readonly code: string
  readonly status: number
  readonly detail: string | undefined

  constructor(publicMessage: string, options: { status?: number; detail?: string } = {}) {
    if (new.target === PortcullisError)
      throw new TypeError('PortcullisError is abstract: throw an error from the catalogue')
    super(publicMessage)
    const declared = this.constructor as typeof PortcullisError
    this.code = declared.code
    this.status = options.status ?? declared.status
    this.detail = options.detail
    this.name = this.code
  }

  get publicMessage(): string {
    return this.message
  }
}
