import type { SchemaAttribute } from '../model'

const text = (Name: string, Mutable = true, MaxLength = '2048'): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable,
  Required: false,
  StringAttributeConstraints: { MinLength: '0', MaxLength },
})
const flag = (Name: string): SchemaAttribute => ({
  Name,
  AttributeDataType: 'Boolean',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
})

/** The OIDC standard attributes every Cognito pool has, in the order DescribeUserPool lists them. */
export function standardAttributes(): SchemaAttribute[] {
  return [
    {
      ...text('sub', false),
      Required: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
    },
    text('name'),
    text('given_name'),
    text('family_name'),
    text('middle_name'),
    text('nickname'),
    text('preferred_username'),
    text('profile'),
    text('picture'),
    text('website'),
    text('email'),
    flag('email_verified'),
    text('gender'),
    {
      ...text('birthdate', true, '10'),
      StringAttributeConstraints: { MinLength: '10', MaxLength: '10' },
    },
    text('zoneinfo'),
    text('locale'),
    text('phone_number'),
    flag('phone_number_verified'),
    text('address'),
    {
      Name: 'updated_at',
      AttributeDataType: 'Number',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: '0' },
    },
    text('identities'),
  ]
}

export const STANDARD_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(
  standardAttributes().map((a) => a.Name),
)
