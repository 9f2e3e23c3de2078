import { PortcullisError } from './base'

/**
 * KMS's exceptions, by their wire names (`__type` on the AWS JSON 1.1 wire, as the KMS model
 * names them). The signature failures are the JSON API's shared ones (src/errors/cognito.ts),
 * which KMS calls by the same names.
 */

export class NotFoundException extends PortcullisError {
  static override code = 'NotFoundException'
}

export class InvalidCiphertextException extends PortcullisError {
  static override code = 'InvalidCiphertextException'
}

export class IncorrectKeyException extends PortcullisError {
  static override code = 'IncorrectKeyException'
}

export class InvalidKeyUsageException extends PortcullisError {
  static override code = 'InvalidKeyUsageException'
}

export class DryRunOperationException extends PortcullisError {
  static override code = 'DryRunOperationException'
}

/** A request whose members break the model's constraints (KMS answers these as ValidationException). */
export class ValidationException extends PortcullisError {
  static override code = 'ValidationException'
}
