/**
 * A pattern as IAM matches it: literal text, `*` (any run of characters) and `?` (one character).
 * Text that came from a policy variable or an escape such as `${*}` stays literal.
 */
export type Piece = { readonly text: string } | { readonly wildcard: '*' | '?' }

export type Pattern = readonly Piece[]

/** Splits policy text into pieces without substituting anything (actions, 2008-10-17 policies). */
export function literalPattern(raw: string): Pattern {
  const pieces: Piece[] = []
  let text = ''
  for (const char of raw) {
    if (char === '*' || char === '?') {
      if (text) pieces.push({ text })
      text = ''
      pieces.push({ wildcard: char })
    } else text += char
  }
  if (text) pieces.push({ text })
  return pieces
}

/** The pattern written back as policy text: wildcards as `*`/`?` (for operators without them). */
export function patternText(pattern: Pattern): string {
  return pattern.map((piece) => ('text' in piece ? piece.text : piece.wildcard)).join('')
}

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')

/**
 * A whole-string matcher for a pattern: `s` so that `*` and `?` also match line breaks, `u` so
 * that `?` is one character, not one UTF-16 unit.
 */
export function patternRegExp(pattern: Pattern, ignoreCase = false): RegExp {
  const source = pattern
    .map((piece) =>
      'text' in piece ? escapeRegExp(piece.text) : piece.wildcard === '*' ? '.*' : '.',
    )
    .join('')
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su')
}
