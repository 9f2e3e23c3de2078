import { Agent, setGlobalDispatcher } from 'undici'

/**
 * Every `fetch` of the end-to-end tests opens a connection of its own. With keep-alive, a request
 * sent on an idle loopback connection at the moment the local server closes it fails with "other
 * side closed" (the client's race, not the Worker's answer), and a busy machine makes that moment
 * common. One connection per request costs little on loopback and takes the race away.
 */
setGlobalDispatcher(new Agent({ pipelining: 0 }))
