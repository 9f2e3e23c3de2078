import { literalPattern, type Pattern, patternRegExp } from './wildcard'

/**
 * Whether policy text is an action IAM accepts: `*`, or `service:name` with one colon, where
 * either part may hold `*` and `?` wildcards.
 */
export function isActionPattern(raw: string): boolean {
  return raw === '*' || /^[^:]+:[^:]+$/.test(raw)
}

/** Compiles an action pattern; actions hold no policy variables. */
export function compileAction(raw: string): Pattern {
  return literalPattern(raw)
}

/** Whether an action pattern matches a request's `service:Action`, ignoring case as IAM does. */
export function actionMatches(pattern: Pattern, action: string): boolean {
  return patternRegExp(pattern, true).test(action)
}
