import { list, string, structure } from '../../validation/shape'

export const Identifier = string({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+' })
export const ServerName = string({ min: 1, max: 256, pattern: '[\\w\\s+=,.@-]+' })
export const Scopes = list(
  structure(
    {
      ScopeName: string({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+' }),
      ScopeDescription: string({ min: 1, max: 256 }),
    },
    ['ScopeName', 'ScopeDescription'],
  ),
  { max: 100 },
)
