import { PortcullisError } from './base'

/**
 * IAM's exceptions, by their wire names (the `Code` of an IAM query-API error). Thrown by the
 * policy parser so a rejected document reads as IAM would report it.
 */

/** A policy document that IAM would refuse: bad JSON, an unknown element, operator or value. */
export class MalformedPolicyDocument extends PortcullisError {
  static override code = 'MalformedPolicyDocument'
}
