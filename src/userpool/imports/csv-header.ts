import type { UserPoolConfig } from '../model'

/** Attributes Cognito sets itself: never a column of an import file. */
const NOT_IMPORTED = new Set(['sub', 'identities'])

/**
 * GetCSVHeader: the pool's attributes in schema order (custom ones included), then
 * `cognito:mfa_enabled` and `cognito:username`, as Cognito lists them.
 */
export function csvHeader(pool: Pick<UserPoolConfig, 'SchemaAttributes'>): string[] {
  return [
    ...pool.SchemaAttributes.map((a) => a.Name).filter((name) => !NOT_IMPORTED.has(name)),
    'cognito:mfa_enabled',
    'cognito:username',
  ]
}

/** The longest line Cognito reads, in characters. */
export const MAX_LINE_CHARS = 16_000

/**
 * One line of an import file as fields: separated by commas, a comma inside a value written `\,`
 * (the guide's rule: values are not quoted), each value trimmed.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = []
  let field = ''
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (char === '\\' && line[i + 1] === ',') {
      field += ','
      i++
    } else if (char === ',') {
      fields.push(field.trim())
      field = ''
    } else field += char
  }
  fields.push(field.trim())
  return fields
}
