import {
  InvalidParameterException,
  ManagedLoginBrandingExistsException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import type { BrandingAsset, ManagedLoginBranding } from '../operator-types'
import { brandingStore } from '../store/operator-settings-store'
import { requireClient, requirePool } from '../store/pool-repository'
import { epochSeconds, type UserPoolServices } from '../services'

export type { BrandingAsset, ManagedLoginBranding }

export interface BrandingInput {
  UseCognitoProvidedValues?: boolean
  Settings?: Record<string, unknown>
  Assets?: BrandingAsset[]
}

/** Cognito's rule: a style either takes Cognito's values or carries its own, not both. */
function checkInput(input: BrandingInput): void {
  if (input.UseCognitoProvidedValues && (input.Settings || (input.Assets ?? []).length > 0))
    throw new InvalidParameterException(
      'UseCognitoProvidedValues cannot be true when Settings or Assets are given.',
    )
  const seen = new Set<string>()
  for (const asset of input.Assets ?? []) {
    const key = `${asset.Category}/${asset.ColorMode}`
    if (seen.has(key))
      throw new InvalidParameterException(
        `Assets name ${asset.Category} in ${asset.ColorMode} mode more than once.`,
      )
    seen.add(key)
    if (asset.Bytes === undefined && asset.ResourceId === undefined)
      throw new InvalidParameterException(
        `The ${asset.Category} asset needs Bytes or a ResourceId.`,
      )
  }
}

/** CreateManagedLoginBranding: one style per app client (ManagedLoginBrandingExistsException). */
export async function createBranding(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
  input: BrandingInput,
): Promise<ManagedLoginBranding> {
  const pool = await requirePool(services, poolId)
  await requireClient(services, pool.Id, clientId)
  checkInput(input)
  const now = epochSeconds(services)
  const style: ManagedLoginBranding = {
    ManagedLoginBrandingId: crypto.randomUUID(),
    UserPoolId: pool.Id,
    ClientId: clientId,
    // With neither Settings nor Assets a style takes Cognito's values.
    UseCognitoProvidedValues:
      input.UseCognitoProvidedValues ?? (!input.Settings && (input.Assets ?? []).length === 0),
    ...(input.Settings ? { Settings: input.Settings } : {}),
    Assets: input.Assets ?? [],
    CreationDate: now,
    LastModifiedDate: now,
  }
  if (!(await brandingStore.create(services, style)))
    throw new ManagedLoginBrandingExistsException(
      `App client ${clientId} already has a managed login style.`,
    )
  return style
}

/** DescribeManagedLoginBranding's lookup. */
export async function requireBranding(
  services: UserPoolServices,
  poolId: string,
  brandingId: string,
): Promise<ManagedLoginBranding> {
  const pool = await requirePool(services, poolId)
  const style = await brandingStore.find(services, pool.Id, brandingId)
  if (!style)
    throw new ResourceNotFoundException(`Managed login style ${brandingId} does not exist.`)
  return style
}

/** DescribeManagedLoginBrandingByClient's lookup. */
export async function requireBrandingOfClient(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
): Promise<ManagedLoginBranding> {
  const pool = await requirePool(services, poolId)
  const id = await brandingStore.idOfClient(services, pool.Id, clientId)
  if (!id) throw new ResourceNotFoundException(`App client ${clientId} has no managed login style.`)
  return requireBranding(services, pool.Id, id)
}

/** UpdateManagedLoginBranding: members given replace the stored ones; others are kept. */
export async function updateBranding(
  services: UserPoolServices,
  poolId: string,
  brandingId: string,
  input: BrandingInput,
): Promise<ManagedLoginBranding> {
  const current = await requireBranding(services, poolId, brandingId)
  const useCognito = input.UseCognitoProvidedValues ?? current.UseCognitoProvidedValues
  const next: ManagedLoginBranding = {
    ...current,
    UseCognitoProvidedValues: useCognito,
    ...(input.Settings ? { Settings: input.Settings } : {}),
    ...(input.Assets ? { Assets: input.Assets } : {}),
    LastModifiedDate: epochSeconds(services),
  }
  // Turning Cognito's values on drops the style's own.
  if (input.UseCognitoProvidedValues) {
    delete next.Settings
    next.Assets = []
  }
  checkInput({
    UseCognitoProvidedValues: input.UseCognitoProvidedValues ?? false,
    ...(input.Settings ? { Settings: input.Settings } : {}),
    ...(input.Assets ? { Assets: input.Assets } : {}),
  })
  await brandingStore.replace(services, next)
  return next
}

/** DeleteManagedLoginBranding: the style and its client's link to it. */
export async function deleteBranding(
  services: UserPoolServices,
  poolId: string,
  brandingId: string,
): Promise<void> {
  const current = await requireBranding(services, poolId, brandingId)
  await brandingStore.remove(services, current)
}
