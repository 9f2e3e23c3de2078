import { InvalidParameterException } from '../../errors/cognito'
import type { AttributeDataType, SchemaAttribute } from '../model'
import { standardAttributes, STANDARD_ATTRIBUTE_NAMES } from './standard-attributes'

/** A SchemaAttributeType as CreateUserPool / AddCustomAttributes receive it. */
export interface SchemaAttributeInput {
  Name?: string
  AttributeDataType?: AttributeDataType
  DeveloperOnlyAttribute?: boolean
  Mutable?: boolean
  Required?: boolean
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string }
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string }
}

/** Custom attributes a pool may have, as Cognito limits them. */
const MAX_CUSTOM_ATTRIBUTES = 50

/**
 * Merges schema input into a pool's schema. At creation, entries naming a standard attribute
 * adjust it (Required, Mutable, constraints); other names become `custom:` attributes (or `dev:`
 * for developer-only ones), which can never be required. AddCustomAttributes passes
 * `creating: false`: only new custom attributes are allowed then.
 */
export function mergeSchema(
  current: SchemaAttribute[],
  input: SchemaAttributeInput[],
  options: { creating: boolean },
): SchemaAttribute[] {
  const schema = options.creating ? standardAttributes() : current.map((a) => ({ ...a }))
  for (const entry of input) {
    if (!entry.Name) throw new InvalidParameterException('Schema attribute name is required.')
    const standard = STANDARD_ATTRIBUTE_NAMES.has(entry.Name)
    if (standard && options.creating) {
      const existing = schema.find((a) => a.Name === entry.Name)!
      if (entry.Name === 'sub' && (entry.Mutable || entry.Required === false))
        throw new InvalidParameterException('The sub attribute cannot be changed.')
      if (entry.AttributeDataType && entry.AttributeDataType !== existing.AttributeDataType) {
        throw new InvalidParameterException(
          `${entry.Name} is a standard attribute of type ${existing.AttributeDataType}.`,
        )
      }
      Object.assign(existing, {
        ...(entry.Required !== undefined ? { Required: entry.Required } : {}),
        ...(entry.Mutable !== undefined ? { Mutable: entry.Mutable } : {}),
        ...(entry.StringAttributeConstraints
          ? {
              StringAttributeConstraints: {
                ...existing.StringAttributeConstraints,
                ...entry.StringAttributeConstraints,
              },
            }
          : {}),
      })
      continue
    }
    if (standard)
      throw new InvalidParameterException(`Existing attribute already has name ${entry.Name}.`)
    const prefix = entry.DeveloperOnlyAttribute ? 'dev:' : 'custom:'
    const name =
      entry.Name.startsWith('custom:') || entry.Name.startsWith('dev:')
        ? entry.Name
        : `${prefix}${entry.Name}`
    if (schema.some((a) => a.Name === name))
      throw new InvalidParameterException(`Existing attribute already has name ${name}.`)
    if (entry.Required)
      throw new InvalidParameterException('Required custom attributes are not supported currently.')
    const dataType = entry.AttributeDataType ?? 'String'
    schema.push({
      Name: name,
      AttributeDataType: dataType,
      DeveloperOnlyAttribute: entry.DeveloperOnlyAttribute ?? false,
      Mutable: entry.Mutable ?? true,
      Required: false,
      ...(dataType === 'String'
        ? {
            StringAttributeConstraints: {
              MinLength: entry.StringAttributeConstraints?.MinLength ?? '0',
              MaxLength: entry.StringAttributeConstraints?.MaxLength ?? '2048',
            },
          }
        : {}),
      ...(dataType === 'Number'
        ? { NumberAttributeConstraints: { ...(entry.NumberAttributeConstraints ?? {}) } }
        : {}),
    })
    if (
      schema.filter((a) => !STANDARD_ATTRIBUTE_NAMES.has(a.Name)).length > MAX_CUSTOM_ATTRIBUTES
    ) {
      throw new InvalidParameterException(
        `A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`,
      )
    }
  }
  return schema
}
