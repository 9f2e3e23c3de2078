import { InvalidParameterException } from '../../errors/cognito'
import type { LogConfiguration, LogDeliveryConfiguration } from '../operator-types'
import { logDeliveryStore } from '../store/operator-settings-store'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

/** Cognito's pairs: message-delivery errors at ERROR, threat-protection events at INFO. */
const LEVEL_OF: Record<LogConfiguration['EventSource'], LogConfiguration['LogLevel']> = {
  userNotification: 'ERROR',
  userAuthEvents: 'INFO',
}

/**
 * SetLogDeliveryConfiguration: kept and returned as given, once checked as Cognito checks it:
 * each event source once, at its level, with exactly one destination. Portcullis delivers nothing
 * to these destinations (its own logs go to the Worker's log).
 */
export async function setLogDelivery(
  services: UserPoolServices,
  poolId: string,
  configurations: LogConfiguration[],
): Promise<LogDeliveryConfiguration> {
  const pool = await requirePool(services, poolId)
  const sources = new Set<string>()
  for (const c of configurations) {
    if (sources.has(c.EventSource))
      throw new InvalidParameterException(`EventSource ${c.EventSource} is configured twice.`)
    sources.add(c.EventSource)
    if (c.LogLevel !== LEVEL_OF[c.EventSource])
      throw new InvalidParameterException(
        `EventSource ${c.EventSource} is logged at LogLevel ${LEVEL_OF[c.EventSource]}.`,
      )
    const destinations = [
      c.CloudWatchLogsConfiguration,
      c.S3Configuration,
      c.FirehoseConfiguration,
    ].filter((d) => d !== undefined)
    if (destinations.length !== 1)
      throw new InvalidParameterException(
        `EventSource ${c.EventSource} needs exactly one destination (CloudWatch Logs, S3 or Firehose).`,
      )
  }
  const value: LogDeliveryConfiguration = { UserPoolId: pool.Id, LogConfigurations: configurations }
  await logDeliveryStore.put(services, value)
  return value
}

/** GetLogDeliveryConfiguration: what was set, or no configurations. */
export async function getLogDelivery(
  services: UserPoolServices,
  poolId: string,
): Promise<LogDeliveryConfiguration> {
  const pool = await requirePool(services, poolId)
  return (
    (await logDeliveryStore.find(services, pool.Id)) ?? {
      UserPoolId: pool.Id,
      LogConfigurations: [],
    }
  )
}
