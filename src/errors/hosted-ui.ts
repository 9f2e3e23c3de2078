import { PortcullisError } from './base'

/**
 * Refusals of the hosted UI's own forms, rendered only as the HTML error page, which shows the
 * code beside the message (so the code reads as a sentence a person can report).
 */

/** A form post whose CSRF token (the double-submit cookie) or Origin did not check out. */
export class FormExpired extends PortcullisError {
  static override code = 'form_expired'
  constructor(message = 'The form expired or was not sent from this site. Go back and try again.') {
    super(message, { status: 403 })
  }
}

/** A password, sign-up or reset page asked of an app client that signs in only through its identity providers. */
export class LocalSignInDisabled extends PortcullisError {
  static override code = 'local_sign_in_disabled'
  constructor(message = 'This application signs in only through its identity providers.') {
    super(message, { status: 403 })
  }
}

/** The console was asked for by someone who is not (or no longer) an operator of its pool. */
export class ConsoleAccessDenied extends PortcullisError {
  static override code = 'console_access_denied'
  constructor(message = 'You are signed in, but not as a console operator.') {
    super(message, { status: 403 })
  }
}

/** No user pool is designated as the console's (the `portcullis:console-group` tag), or it lacks the console client. */
export class ConsoleNotConfigured extends PortcullisError {
  static override code = 'console_not_configured'
  constructor(
    message = 'No user pool is set up for the console: tag one with portcullis:console-group and give it the portcullis-console app client.',
  ) {
    super(message, { status: 404 })
  }
}
