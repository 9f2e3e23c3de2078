import type { PolicyVersion } from './model'
import { literalPattern, type Pattern, type Piece } from './wildcard'

/** Looks a policy variable up by its (case-insensitive) key; undefined when it has no value. */
export type VariableLookup = (key: string) => string | undefined

// `${key}` or `${key, 'default'}`; a quote inside the default is written twice.
const VARIABLE = /^\s*([^\s,'{}$]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/
const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' }

/** Whether text holds something a 2012-10-17 policy would substitute. */
export function hasVariables(raw: string): boolean {
  return raw.includes('${')
}

/**
 * Resolves policy text against a request: under 2012-10-17, `${key}` becomes the key's value,
 * `${key, 'default'}` falls back to the default, and `${*}` `${?}` `${$}` are the literal
 * characters. Substituted text is literal (a `*` in a user name is no wildcard). Under
 * 2008-10-17 nothing is substituted. Undefined when a variable has no value and no default (or
 * cannot be read): whatever holds it then matches nothing, so a missing value never widens access.
 */
export function resolvePattern(
  raw: string,
  version: PolicyVersion,
  lookup: VariableLookup,
): Pattern | undefined {
  if (version !== '2012-10-17' || !hasVariables(raw)) return literalPattern(raw)
  const pieces: Piece[] = []
  let rest = raw
  while (rest) {
    const start = rest.indexOf('${')
    const end = start < 0 ? -1 : rest.indexOf('}', start + 2)
    if (end < 0) {
      pieces.push(...literalPattern(rest))
      break
    }
    pieces.push(...literalPattern(rest.slice(0, start)))
    const inner = rest.slice(start + 2, end)
    const escaped = ESCAPES[inner]
    if (escaped !== undefined) pieces.push({ text: escaped })
    else {
      const variable = VARIABLE.exec(inner)
      if (!variable) return undefined
      const value = lookup(variable[1]!) ?? variable[2]?.replaceAll("''", "'")
      if (value === undefined) return undefined
      pieces.push({ text: value })
    }
    rest = rest.slice(end + 1)
  }
  return pieces
}
