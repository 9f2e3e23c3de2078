import { Arn } from '../../validation/cognito-shapes'
import { enumeration, structure } from '../../validation/shape'

/** CustomDomainConfigType. */
export const CustomDomainConfig = structure(
  {
    CertificateArn: Arn,
    SecurityPolicy: enumeration(['TLS_V1', 'TLS_V1_2_2021', 'TLS_V1_3_2025']),
  },
  ['CertificateArn'],
)
