import { InvalidArgument, NoSuchUpload } from '../../errors/s3'

/** The uploadId of a multipart request (R2's own ids are opaque text). */
export function uploadIdOf(params: URLSearchParams): string {
  const id = params.get('uploadId')
  if (!id || id.length > 1024) throw new NoSuchUpload()
  return id
}

/** A part number: 1 to 10,000. */
export function partNumberOf(text: string | null | undefined): number {
  const number = Number(text)
  if (!text || !/^\d{1,5}$/.test(text) || number < 1 || number > 10_000)
    throw new InvalidArgument('Part number must be an integer between 1 and 10000, inclusive')
  return number
}
