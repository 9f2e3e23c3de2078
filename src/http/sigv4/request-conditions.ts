/** Condition values as IAM reads them: a key's value, or its values for multi-valued keys. */
type ConditionValues = Record<string, string | string[]>

/** Condition keys every request carries, as IAM names them. */
export function requestConditions(request: Request, url: URL, now: number): ConditionValues {
  const sourceIp = request.headers.get('cf-connecting-ip')
  return {
    ...(sourceIp ? { 'aws:SourceIp': sourceIp } : {}),
    'aws:SecureTransport': url.protocol === 'https:' ? 'true' : 'false',
    'aws:CurrentTime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now / 1000)),
  }
}
