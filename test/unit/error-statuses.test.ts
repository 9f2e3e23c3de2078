import { describe, expect, it } from 'vitest'
import type { PortcullisError } from '../../src/errors/base'
import * as executeApi from '../../src/errors/execute-api'
import * as iam from '../../src/errors/iam'

type Thrown = new (message: string) => PortcullisError

describe('the statuses of the query-protocol and execute-api errors', () => {
  it('are the ones the IAM and STS service models give their codes, and AWS’s for the rest', () => {
    const statuses: [Thrown, number][] = [
      // From the models' error shapes (httpStatusCode).
      [iam.NoSuchEntity, 404],
      [iam.EntityAlreadyExists, 409],
      [iam.MalformedPolicyDocument, 400],
      [iam.LimitExceeded, 409],
      [iam.DeleteConflict, 409],
      [iam.ConcurrentModification, 409],
      [iam.InvalidInput, 400],
      [iam.ServiceFailure, 500],
      [iam.InvalidIdentityToken, 400],
      [iam.IDPRejectedClaim, 403],
      [iam.ExpiredTokenException, 400],
      [iam.PackedPolicyTooLarge, 400],
      // Common to every query-protocol service.
      [iam.ValidationError, 400],
      [iam.InvalidAction, 400],
      [iam.InvalidQueryParameter, 400],
      [iam.MissingAction, 400],
      [iam.MissingParameter, 400],
      [iam.MalformedQueryString, 404],
      [iam.RequestEntityTooLarge, 413],
      [iam.MissingAuthenticationToken, 403],
      [iam.InvalidClientTokenId, 403],
      [iam.ExpiredToken, 403],
      [iam.SignatureDoesNotMatch, 403],
      [iam.AccessDenied, 403],
      // API Gateway's answers on an AWS_IAM route.
      [executeApi.MissingAuthenticationToken, 403],
      [executeApi.UnrecognizedClient, 403],
      [executeApi.ExpiredToken, 403],
      [executeApi.IncompleteSignature, 403],
      [executeApi.InvalidSignature, 403],
      [executeApi.AccessDenied, 403],
      [executeApi.RequestTooLong, 413],
    ]
    for (const [cls, status] of statuses) expect(new cls('m').status, cls.name).toBe(status)
    const listed = new Set<unknown>(statuses.map(([cls]) => cls))
    const declared = [...Object.values(iam), ...Object.values(executeApi)].filter(
      (value) => typeof value === 'function' && value !== executeApi.ExecuteApiError,
    )
    expect(declared.filter((cls) => !listed.has(cls))).toEqual([])
  })
})
