import type { IdentityPool } from '@aws-sdk/client-cognito-identity'
import type { IdentityPoolConfig } from '../../../identitypool/model'
import type { Wire } from '../../target'
import {
  ARNList,
  CognitoIdentityProviderList,
  DeveloperProviderName,
  IdentityPoolName,
  IdentityPoolTags,
  IdentityProviders,
} from '../shapes'
import { boolean } from '../../validation/shape'

/** The members CreateIdentityPool and UpdateIdentityPool share. */
export const identityPoolMembers = {
  IdentityPoolName,
  AllowUnauthenticatedIdentities: boolean(),
  AllowClassicFlow: boolean(),
  SupportedLoginProviders: IdentityProviders,
  DeveloperProviderName,
  OpenIdConnectProviderARNs: ARNList,
  CognitoIdentityProviders: CognitoIdentityProviderList,
  SamlProviderARNs: ARNList,
  IdentityPoolTags,
}

/** An identity pool as Cognito's IdentityPool shape. */
export function identityPoolType(pool: IdentityPoolConfig): Wire<IdentityPool> {
  return {
    IdentityPoolId: pool.IdentityPoolId,
    IdentityPoolName: pool.IdentityPoolName,
    AllowUnauthenticatedIdentities: pool.AllowUnauthenticatedIdentities,
    AllowClassicFlow: pool.AllowClassicFlow,
    SupportedLoginProviders: pool.SupportedLoginProviders,
    ...(pool.DeveloperProviderName !== undefined
      ? { DeveloperProviderName: pool.DeveloperProviderName }
      : {}),
    OpenIdConnectProviderARNs: pool.OpenIdConnectProviderARNs,
    CognitoIdentityProviders: pool.CognitoIdentityProviders,
    SamlProviderARNs: [],
    IdentityPoolTags: pool.IdentityPoolTags,
  }
}
