import type { ManagedPolicyView, OidcProviderRecord, RoleRecord, Tag } from '../../iam/model'
import type { OutputValue } from '../response'

/**
 * IAM answers documents URL-encoded (RFC 3986) inside the XML, and every SDK hands them on that
 * way; callers decode them.
 */
export const encodedDocument = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

export const tagList = (tags: Tag[] | undefined): OutputValue =>
  tags?.map((tag) => ({ Key: tag.Key, Value: tag.Value }))

/** A role as the `Role` shape has it. */
export function roleOutput(role: RoleRecord): OutputValue {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodedDocument(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    Tags: tagList(role.Tags),
  }
}

/** A managed policy as the `Policy` shape has it. */
export function policyOutput(policy: ManagedPolicyView): OutputValue {
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn,
    Path: policy.Path,
    DefaultVersionId: policy.DefaultVersionId,
    AttachmentCount: policy.AttachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.Description,
    CreateDate: new Date(policy.CreateDate),
    UpdateDate: new Date(policy.UpdateDate),
    Tags: tagList(policy.Tags),
  }
}

/**
 * An OpenID Connect provider as GetOpenIDConnectProvider answers it: the URL without its scheme,
 * as IAM gives it back.
 */
export function oidcProviderOutput(provider: OidcProviderRecord): Record<string, OutputValue> {
  return {
    Url: provider.Url.replace(/^https?:\/\//, ''),
    ClientIDList: provider.ClientIDList,
    ThumbprintList: provider.ThumbprintList,
    CreateDate: new Date(provider.CreateDate),
    Tags: tagList(provider.Tags),
  }
}

/** The paging members of a List answer. */
export const pageOutput = (marker: string | undefined): Record<string, OutputValue> => ({
  IsTruncated: marker !== undefined,
  Marker: marker,
})
