/**
 * The live push sockets of identities: one set per identity, kept beside its sync data by the
 * identity's object (hibernating WebSockets, so an idle device costs nothing). The Worker
 * authenticates a socket before handing it over; the object only keeps and writes to it.
 */
export interface PushSockets {
  /**
   * Hands an authenticated WebSocket upgrade to the identity's object and returns its answer
   * (101 with the socket). A device's newer socket replaces its older one.
   */
  accept(identityId: string, upgrade: Request, subscription: PushSubscription): Promise<Response>
  /** Writes `message` to every subscribed socket of the identity but the writer's; how many got it. */
  broadcast(identityId: string, delivery: PushDelivery): Promise<number>
}

/** What one socket listens to: its device, and the datasets it follows (`*`: every dataset). */
export interface PushSubscription {
  deviceId: string
  datasets: string[] | '*'
}

/** One notice for the sockets of an identity. */
export interface PushDelivery {
  datasetName: string
  /** The text each socket receives (Cognito's push payload as JSON). */
  message: string
  /** The device that made the change, whose sockets are skipped. */
  exceptDeviceId?: string
}

/**
 * The header that carries a socket's subscription from the Worker to the identity's object: the
 * object is reachable only through the Worker's binding, so it trusts what the Worker checked.
 */
export const PUSH_SUBSCRIPTION_HEADER = 'x-portcullis-push-subscription'
