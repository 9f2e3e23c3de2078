import type { TargetTable } from '../../target'
import { getLogDeliveryConfiguration } from './get-log-delivery-configuration'
import { setLogDeliveryConfiguration } from './set-log-delivery-configuration'

export const loggingTargets: TargetTable = {
  GetLogDeliveryConfiguration: getLogDeliveryConfiguration,
  SetLogDeliveryConfiguration: setLogDeliveryConfiguration,
}
