/**
 * Splits an ARN into its six fields: arn, partition, service, region, account, resource. Only the
 * first five colons separate fields, so the resource keeps its own (`identitypool/us-east-1:uuid`).
 * Colons inside a `${...}` policy variable (`${cognito-identity.amazonaws.com:sub}`) separate
 * nothing. Undefined when the text has fewer than six fields or does not start with `arn`.
 */
export function splitArn(text: string): string[] | undefined {
  const fields: string[] = []
  let field = ''
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (fields.length < 5 && char === ':' && depth === 0) {
      fields.push(field)
      field = ''
      continue
    }
    if (char === '$' && text[i + 1] === '{') depth++
    else if (char === '}' && depth > 0) depth--
    field += char
  }
  fields.push(field)
  if (fields.length < 6 || fields[0] !== 'arn') return undefined
  return fields
}
