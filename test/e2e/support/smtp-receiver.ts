import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { freePort } from './worker'

/** One message the server accepted, with its SMTP envelope. */
export interface ReceivedMail {
  mailFrom: string
  rcptTo: string[]
  raw: string
  /** The user the session authenticated as, and with which mechanism (none without AUTH). */
  user: string | undefined
  secure: boolean
}

export interface SmtpReceiver {
  port: number
  received: ReceivedMail[]
  /** Every AUTH attempt, successful or not (the mechanism and user name). */
  authAttempts: Array<{ method: string; username: string }>
  close(): Promise<void>
}

/**
 * The real npm `smtp-server` on 127.0.0.1 at a random port, keeping what it receives. `accounts`
 * are the user names and passwords AUTH accepts (none: the server takes mail without AUTH).
 */
export async function startSmtpReceiver(
  options: { accounts?: Record<string, string> } & Partial<SMTPServerOptions> = {},
): Promise<SmtpReceiver> {
  const { accounts, ...serverOptions } = options
  const received: ReceivedMail[] = []
  const authAttempts: SmtpReceiver['authAttempts'] = []
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    ...(accounts ? {} : { authOptional: true }),
    onAuth(auth, _session, callback) {
      authAttempts.push({ method: auth.method, username: auth.username ?? '' })
      if (accounts && auth.username && accounts[auth.username] === auth.password)
        callback(null, { user: `${auth.method}:${auth.username}` })
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('latin1'),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        })
        callback()
      })
    },
    ...serverOptions,
  })
  const port = await freePort()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port,
    received,
    authAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
