/**
 * How every store key is spelled: a fixed family name (`user`, `member`, `idp-link`, …, never
 * user-chosen and without `:`), then the key's parts, each after a `:`.
 *
 * Parts are user-chosen (group names, provider names, subjects, usernames may all contain `:`), so
 * every part but the last is escaped: `%` becomes `%25` and `:` becomes `%3A`. A part then never
 * contains `:`, which makes the key unambiguous (`member` of group `a` and user `b:c` is
 * `member:a:b:c`; of group `a:b` and user `c`, `member:a%3Ab:c`) and keeps a prefix scan over the
 * leading parts exact. The last part needs no escaping, since nothing follows it, and is stored as
 * given: a key minus its prefix is its last part, and keys whose leading parts hold neither `:` nor
 * `%` are spelled as they always were.
 */

const escapePart = (part: string): string => part.replaceAll('%', '%25').replaceAll(':', '%3A')

/**
 * The key of one record: `family`, then `parts`.
 *
 * @example storeKey('member', 'a:b', 'alice') === 'member:a%3Ab:alice'
 */
export function storeKey(family: string, ...parts: string[]): string {
  const last = parts.length - 1
  return [family, ...parts.map((part, i) => (i < last ? escapePart(part) : part))].join(':')
}

/**
 * The prefix that every key of `family` whose leading parts are `parts` starts with, and no other
 * key: for listing a family (`storeKeyPrefix('user')`) or the members of one group
 * (`storeKeyPrefix('member', group)`).
 */
export function storeKeyPrefix(family: string, ...parts: string[]): string {
  return `${[family, ...parts.map(escapePart)].join(':')}:`
}
