/**
 * What IAM keeps: roles with their trust policy, inline policies, managed policies with their
 * versions, and which managed policies are attached to which role. Documents are kept decoded (the
 * JSON text as the caller wrote it); the wire encodes them.
 */

/** The one account Portcullis answers for, in every ARN. */
export const ACCOUNT_ID = '000000000000'

export interface Tag {
  Key: string
  Value: string
}

export interface RoleRecord {
  RoleName: string
  RoleId: string
  Path: string
  Arn: string
  /** Epoch milliseconds. */
  CreateDate: number
  /** The trust policy's JSON text. */
  AssumeRolePolicyDocument: string
  Description?: string
  MaxSessionDuration: number
  Tags?: Tag[]
}

export interface InlinePolicyRecord {
  RoleName: string
  PolicyName: string
  PolicyDocument: string
}

export interface ManagedPolicyRecord {
  PolicyName: string
  PolicyId: string
  Path: string
  Arn: string
  DefaultVersionId: string
  Description?: string
  CreateDate: number
  UpdateDate: number
  Tags?: Tag[]
}

export interface PolicyVersionRecord {
  Document: string
  VersionId: string
  CreateDate: number
}

export interface AttachmentRecord {
  PolicyName: string
  PolicyArn: string
}

/**
 * An OpenID Connect provider: an issuer this account trusts, and the client ids (audiences) its ID
 * tokens may be for. Identity pools name it by ARN in OpenIdConnectProviderARNs.
 */
export interface OidcProviderRecord {
  Arn: string
  /** The issuer, as tokens' `iss` must name it (no trailing slash). */
  Url: string
  ClientIDList: string[]
  /** Kept and answered as IAM does; Workers cannot see certificates, so keys are trusted by TLS. */
  ThumbprintList: string[]
  CreateDate: number
  Tags?: Tag[]
}

/** A managed policy as GetPolicy tells it: with how many roles it is attached to. */
export interface ManagedPolicyView extends ManagedPolicyRecord {
  AttachmentCount: number
}

/** One statement of a policy document, as IAM's policy grammar has it. */
export interface PolicyStatementJson {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Principal?: '*' | Record<string, string | string[]>
  NotPrincipal?: Record<string, string | string[]>
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>
}

/** A policy document once checked: what the policy evaluator reads. */
export interface PolicyDocumentJson {
  Version?: '2012-10-17' | '2008-10-17'
  Id?: string
  Statement: PolicyStatementJson[]
}
