/** Notices after a post/redirect/get, by a fixed key (never text taken from the URL). */
export const NOTICES: Record<string, string> = {
  'pool-created': 'The user pool was created.',
  'group-created': 'The group was created.',
  'user-created': 'The user was created.',
  'user-disabled': 'The user was disabled; their sessions and tokens no longer work.',
  'user-enabled': 'The user was enabled.',
  'password-reset': 'The user must reset their password; a code was sent to them.',
  'signed-out': 'The user was signed out everywhere.',
  'group-added': 'The user was added to the group.',
}
